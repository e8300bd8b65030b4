namespace Sigap.Web.Platform.Files;

public interface IFileStore;

internal static class FilesSetup
{
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration config) => services;

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app) => app;
}
