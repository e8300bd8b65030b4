using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Audit;

internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", (string? action, Guid? userId, string? entityType, string? entityId, DateTimeOffset? from, DateTimeOffset? to,
                int? page, int? pageSize, SigapDb db, CancellationToken ct) =>
                AuditQuery.ListAsync(db, new AuditFilter(action, userId, entityType, entityId, from, to, page, pageSize), ct).ToHttpAsync())
            .WithTags("Audit")
            .WithName("AuditList").WithSummary("Audit entries filtered by action, user, entity and time; newest first, paged")
            .RequireAuthorization(Policies.AuditRead);
        return app;
    }
}
