using System.Security.Claims;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.ApproveReport;

/// <summary>A reviewer approves a pending report of a cluster in scope (never their own).</summary>
internal sealed class ApproveReportHandler(ReportReview review)
{
    public Task<Outcome<ReportItem>> ApproveAsync(SigapDb db, ClaimsPrincipal user, long id, CancellationToken ct) =>
        review.ReviewAsync(db, user, id, ReportStatus.Approved, null, ct);
}

internal static class ApproveReportEndpoint
{
    public static RouteGroupBuilder MapApproveReport(this RouteGroupBuilder api)
    {
        api.MapPost("/reports/{id:long}/approve", (long id, SigapDb db, ClaimsPrincipal user, ApproveReportHandler h, CancellationToken ct) =>
                h.ApproveAsync(db, user, id, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Review)
            .WithName("ApproveUsageReport").WithSummary("Approve a pending report of a cluster in the reviewer's scope (never one's own).");
        return api;
    }
}
