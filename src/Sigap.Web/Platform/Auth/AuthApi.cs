namespace Sigap.Web.Platform.Auth;

internal static class AuthApi
{
    public static IServiceCollection AddAuthApi(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app) => app;
}
