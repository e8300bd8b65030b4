namespace Sigap.Web.Platform.Audit;

internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app) => app;
}
