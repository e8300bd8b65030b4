using System.Security.Claims;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.GetReport;

/// <summary>One report with its evidence.</summary>
internal sealed class GetReportHandler(ScopeService scopes, ReportReader reader)
{
    public async Task<Outcome<ReportItem>> GetAsync(SigapDb db, ClaimsPrincipal user, long id, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var found = await ReportReader.FindAsync(db, scope, id, BudgetModule.ReadRoles, ct);
        if (found is null) return Failure.NotFound;
        return (await reader.GetItemAsync(db, id, ct))!;
    }
}

internal static class GetReportEndpoint
{
    public static RouteGroupBuilder MapGetReport(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/{id:long}", (long id, SigapDb db, ClaimsPrincipal user, GetReportHandler h, CancellationToken ct) =>
                h.GetAsync(db, user, id, ct).ToHttpAsync())
            .WithName("GetUsageReport").WithSummary("One report with its evidence (signed URLs).");
        return api;
    }
}
