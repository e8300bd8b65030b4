namespace Sigap.Web.Platform.Org;

internal static class OrgApi
{
    public static IServiceCollection AddOrg(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapOrgApi(this IEndpointRouteBuilder app) => app;
}
