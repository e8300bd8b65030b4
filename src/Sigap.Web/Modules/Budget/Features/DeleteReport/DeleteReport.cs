using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.DeleteReport;

/// <summary>The submitter takes back a pending report and its evidence.</summary>
internal sealed class DeleteReportHandler(ScopeService scopes, IFileStore store, AuditLog audit, ILogger<DeleteReportHandler> log)
{
    /// <summary>
    /// Only the submitter, only while pending. Someone else's report: 404 when it is outside the caller's read scope, 403 when
    /// the caller can see it (a reviewer or a colleague of the same cluster) but is not its submitter.
    /// </summary>
    public async Task<Outcome<bool>> DeleteAsync(SigapDb db, ClaimsPrincipal user, long id, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var found = await ReportReader.FindAsync(db, scope, id, BudgetModule.ReadRoles, ct);
        if (found is not { } f) return Failure.NotFound;
        var (report, cluster) = f;
        if (report.SubmittedBy != scope.UserId) return new Failure(FailureKind.Forbidden, "budget.reports.notSubmitter");
        if (report.Status != ReportStatus.Pending) return Failure.Conflict("budget.reports.deleteNotPending");
        if (await BudgetUnits.IsClosedForAsync(db, cluster, report.Year, report.Month, ct))
            return Failure.Conflict("budget.reports.monthClosed", $"{report.Month:00}/{report.Year}");

        var evidence = await db.Set<UsageEvidence>().Where(e => e.ReportId == id).Join(db.Files, e => e.FileId, s => s.Id, (e, s) => s).AsNoTracking().ToListAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Set<UsageEvidence>().Where(e => e.ReportId == id).ExecuteDeleteAsync(ct);
            var deleted = await db.Set<UsageReport>().Where(r => r.Id == id && r.Status == ReportStatus.Pending && r.SubmittedBy == scope.UserId).ExecuteDeleteAsync(ct);
            if (deleted == 0)
            {
                await tx.RollbackAsync(ct);
                return Failure.Conflict("budget.reports.deleteNotPending");
            }
            var fileIds = evidence.Select(e => e.Id).ToList();
            await db.Files.Where(s => fileIds.Contains(s.Id)).ExecuteDeleteAsync(ct);
            await UsageTotals.MoveAsync(db, report, ReportStatus.Pending, null, ct);
            audit.Record(db, "budget.report.deleted", scope.UserId, "UsageReport", id.ToString(CultureInfo.InvariantCulture), cluster.Id, new
            {
                old = new { report.CategoryId, report.Amount, report.SpendDate, report.Description, Status = report.Status.ToString(), Files = fileIds },
                @new = (object?)null,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        // The bytes go after the commit: a rollback must never leave a report pointing at deleted files.
        foreach (var s in evidence)
        {
            try { await store.DeleteAsync(s.StorageKey, CancellationToken.None); }
            catch (Exception ex) { log.LogWarning(ex, "Could not delete stored evidence {Key}.", s.StorageKey); }
        }
        return true;
    }
}

internal static class DeleteReportEndpoint
{
    public static RouteGroupBuilder MapDeleteReport(this RouteGroupBuilder api)
    {
        api.MapDelete("/reports/{id:long}", (long id, SigapDb db, ClaimsPrincipal user, DeleteReportHandler h, CancellationToken ct) =>
                h.DeleteAsync(db, user, id, ct).ToHttpAsync(_ => TypedResults.NoContent()))
            .RequireAuthorization(BudgetModule.Submit)
            .WithName("DeleteUsageReport")
            .WithSummary("Delete one's own pending report and its evidence. Out of scope: 404; visible but someone else's: 403; no longer pending or month closed: 409.");
        return api;
    }
}
