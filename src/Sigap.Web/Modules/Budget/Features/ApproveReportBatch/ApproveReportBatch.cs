using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Notifications;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.ApproveReportBatch;

internal sealed record BatchApproveRequest(int? ClusterId, int? Year, int? Month);

internal sealed record BatchApproveResult(int Approved);

/// <summary>A reviewer approves every pending report of one cluster and month at once.</summary>
internal sealed class ApproveReportBatchHandler(ScopeService scopes, ReportReview review, Notifier notifier)
{
    /// <summary>Approves every pending report of one cluster and month except the caller's own, in one transaction.</summary>
    public async Task<Outcome<BatchApproveResult>> ApproveBatchAsync(SigapDb db, ClaimsPrincipal user, BatchApproveRequest req, CancellationToken ct)
    {
        var check = new Check();
        check.Required("clusterId", req.ClusterId).Required("year", req.Year).Required("month", req.Month);
        check.Period(req.Year, req.Month);
        if (check.Failed) return Failure.Invalid(check);
        var scope = await scopes.ForAsync(user, ct);
        var cluster = await BudgetUnits.VisibleClusterAsync(db, scope, req.ClusterId!.Value, BudgetModule.ReviewRoles, ct);
        if (cluster is null) return Failure.NotFound;
        int year = req.Year!.Value, month = req.Month!.Value;
        if (await BudgetUnits.IsClosedForAsync(db, cluster, year, month, ct))
            return Failure.Conflict("budget.reports.monthClosed", $"{month:00}/{year}");

        var approvedBy = new Dictionary<Guid, int>();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var pending = await db.Set<UsageReport>().AsNoTracking()
                .Where(r => r.ClusterId == cluster.Id && r.Year == year && r.Month == month && r.Status == ReportStatus.Pending && r.SubmittedBy != scope.UserId)
                .OrderBy(r => r.Id).ToListAsync(ct);
            foreach (var report in pending)
                if (await review.TransitionAsync(db, report, scope.UserId, ReportStatus.Approved, null, ct))
                    approvedBy[report.SubmittedBy] = approvedBy.GetValueOrDefault(report.SubmittedBy) + 1;
            foreach (var (submitter, count) in approvedBy)
                notifier.Notify(db, submitter, Texts.Get("budget.reports.notify.batch", count), $"{cluster.Name} • {month:00}/{year}",
                    $"/budget/reports?cluster={cluster.Id}&year={year}&month={month}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new BatchApproveResult(approvedBy.Values.Sum());
    }
}

internal static class ApproveReportBatchEndpoint
{
    public static RouteGroupBuilder MapApproveReportBatch(this RouteGroupBuilder api)
    {
        api.MapPost("/reports/approve-batch", (BatchApproveRequest req, SigapDb db, ClaimsPrincipal user, ApproveReportBatchHandler h, CancellationToken ct) =>
                h.ApproveBatchAsync(db, user, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Review)
            .WithName("ApproveUsageReportBatch").WithSummary("Approve every pending report of one cluster and month, except the caller's own.");
        return api;
    }
}
