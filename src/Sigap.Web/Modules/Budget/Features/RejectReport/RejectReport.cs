using System.Security.Claims;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.RejectReport;

internal sealed record RejectRequest(string? Reason);

/// <summary>A reviewer rejects a pending report with a reason.</summary>
internal sealed class RejectReportHandler(ReportReview review)
{
    public Task<Outcome<ReportItem>> RejectAsync(SigapDb db, ClaimsPrincipal user, long id, RejectRequest req, CancellationToken ct)
    {
        var check = new Check().Text("reason", req.Reason, ReportRules.ReasonMax);
        if (check.Failed) return Task.FromResult<Outcome<ReportItem>>(Failure.Invalid(check));
        return review.ReviewAsync(db, user, id, ReportStatus.Rejected, req.Reason!.Trim(), ct);
    }
}

internal static class RejectReportEndpoint
{
    public static RouteGroupBuilder MapRejectReport(this RouteGroupBuilder api)
    {
        api.MapPost("/reports/{id:long}/reject", (long id, RejectRequest req, SigapDb db, ClaimsPrincipal user, RejectReportHandler h, CancellationToken ct) =>
                h.RejectAsync(db, user, id, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Review)
            .WithName("RejectUsageReport").WithSummary("Reject a pending report with a reason (required, ≤ 500 characters).");
        return api;
    }
}
