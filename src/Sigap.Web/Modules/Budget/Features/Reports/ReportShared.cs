using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Notifications;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Reports;

/// <summary>What every report use case shares: limits of a report and its evidence, and the check of the evidence a submission carries.</summary>
internal static class ReportRules
{
    public const int MaxFiles = 10;
    public const long MaxFileBytes = 10L * 1024 * 1024;
    public const int DescriptionMax = 1000;
    public const int ReasonMax = 500;
    public const long AmountMax = 10_000_000_000_000;
    public static readonly FileRules EvidenceRules = new(FileKind.Jpeg | FileKind.Png | FileKind.WebP | FileKind.Pdf, MaxFileBytes);

    /// <summary>Signed evidence links live this long: enough to look through a page of reports.</summary>
    public static readonly TimeSpan UrlLifetime = TimeSpan.FromHours(1);

    /// <summary>1 to <see cref="MaxFiles"/> files, each at most <see cref="MaxFileBytes"/> as declared (the store checks the bytes again).</summary>
    public static void CheckEvidence(Check check, IReadOnlyList<FileUpload> files)
    {
        if (files.Count is 0 or > MaxFiles) check.Add("files", "budget.reports.filesRequired", MaxFiles);
        foreach (var f in files.Where(f => f.Length > MaxFileBytes))
            check.Add("files", "budget.reports.fileTooLarge", f.FileName);
    }
}

/// <summary>Reads reports as the API and the pages show them (names, evidence, signed URLs), and finds one within a scope.</summary>
internal sealed class ReportReader(FileService files)
{
    public static string Link(UsageReport r) => $"/budget/reports?cluster={r.ClusterId}&year={r.Year}&month={r.Month}&category={r.CategoryId}";

    public static async Task<(UsageReport Report, OrgUnit Cluster)?> FindAsync(SigapDb db, UserScope scope, long id, Role[] roles, CancellationToken ct)
    {
        var report = await db.Set<UsageReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null) return null;
        var cluster = await BudgetUnits.VisibleAsync(db, scope, report.ClusterId, roles, ct);
        return cluster is null ? null : (report, cluster);
    }

    public async Task<ReportItem?> GetItemAsync(SigapDb db, long id, CancellationToken ct) =>
        (await ItemsAsync(db, db.Set<UsageReport>().AsNoTracking().Where(r => r.Id == id), ct)).FirstOrDefault();

    /// <summary>Reports of <paramref name="query"/> (already ordered and paged) with names, evidence and signed URLs.</summary>
    public async Task<List<ReportItem>> ItemsAsync(SigapDb db, IQueryable<UsageReport> query, CancellationToken ct)
    {
        var rows = await (
            from r in query
            join c in db.OrgUnits on r.ClusterId equals c.Id
            join k in db.Set<SpendingCategory>() on r.CategoryId equals k.Id
            join u in db.Users on r.SubmittedBy equals u.Id
            select new
            {
                Report = r, ClusterName = c.Name, CategoryName = k.Name, u.FirstName, u.LastName,
                Reviewer = db.Users.Where(x => x.Id == r.ReviewedBy).Select(x => x.FirstName + " " + (x.LastName ?? "")).FirstOrDefault(),
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.Report.Id).ToList();
        var evidence = (await db.Set<UsageEvidence>().AsNoTracking().Where(e => ids.Contains(e.ReportId))
                .Join(db.Files, e => e.FileId, f => f.Id, (e, f) => new { e.Id, e.ReportId, e.SortOrder, FileId = f.Id, f.ContentType, f.FileName })
                .ToListAsync(ct))
            .GroupBy(e => e.ReportId)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.SortOrder).Select(e =>
            {
                var url = files.SignedUrl(e.FileId, ReportRules.UrlLifetime);
                return new EvidenceItem(e.Id, e.ContentType, e.FileName, url, url);
            }).ToList());
        return rows.OrderByDescending(r => r.Report.Id).Select(x =>
        {
            var r = x.Report;
            var ev = evidence.GetValueOrDefault(r.Id) ?? [];
            return new ReportItem(r.Id, r.ClusterId, x.ClusterName, r.CategoryId, x.CategoryName, r.Amount, r.SpendDate, r.Year, r.Month,
                r.Description, r.Status.ToString(), r.SubmittedBy, $"{x.FirstName} {x.LastName}".Trim(), r.SubmittedAt, r.ReviewedBy, x.Reviewer?.Trim(),
                r.ReviewedAt, r.RejectReason, r.OverRecommendation, r.OverBudget, ev.Count, ev, []);
        }).ToList();
    }
}

/// <summary>
/// Pending → approved/rejected, shared by approving, rejecting and batch approving: scope, own report, state and month
/// checks, then the conditional transition with roll-ups, audit and the submitter's notification.
/// </summary>
internal sealed class ReportReview(ScopeService scopes, Notifier notifier, AuditLog audit, TimeProvider clock, ReportReader reader)
{
    public async Task<Outcome<ReportItem>> ReviewAsync(SigapDb db, ClaimsPrincipal user, long id, ReportStatus to, string? reason, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var found = await ReportReader.FindAsync(db, scope, id, BudgetModule.ReviewRoles, ct);
        if (found is not { } f) return Failure.NotFound;
        var (report, cluster) = f;
        if (report.SubmittedBy == scope.UserId) return Failure.Conflict("budget.reports.ownReport");
        if (report.Status != ReportStatus.Pending) return Failure.Conflict("budget.reports.notPending", Texts.Get("budget.status." + report.Status));
        if (await BudgetUnits.IsClosedForAsync(db, cluster, report.Year, report.Month, ct))
            return Failure.Conflict("budget.reports.monthClosed", $"{report.Month:00}/{report.Year}");

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await TransitionAsync(db, report, scope.UserId, to, reason, ct))
            {
                await tx.RollbackAsync(ct);
                var now = await db.Set<UsageReport>().Where(r => r.Id == id).Select(r => r.Status).FirstAsync(ct);
                return Failure.Conflict("budget.reports.notPending", Texts.Get("budget.status." + now));
            }
            var category = await db.Set<SpendingCategory>().Where(c => c.Id == report.CategoryId).Select(c => c.Name).FirstAsync(ct);
            var body = to == ReportStatus.Approved
                ? Texts.Get("budget.reports.notify.body", category, Money.Rupiah(report.Amount), report.SpendDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture))
                : Texts.Get("budget.reports.notify.rejectedBody", category, Money.Rupiah(report.Amount), reason);
            notifier.Notify(db, report.SubmittedBy, Texts.Get(to == ReportStatus.Approved ? "budget.reports.notify.approved" : "budget.reports.notify.rejected"),
                body, ReportReader.Link(report));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return (await reader.GetItemAsync(db, id, ct))!;
    }

    /// <summary>
    /// Pending → approved/rejected as one conditional UPDATE: of two reviewers acting at once only one changes the row, the
    /// other gets false. Roll-ups and the audit entry follow in the caller's transaction.
    /// </summary>
    public async Task<bool> TransitionAsync(SigapDb db, UsageReport report, Guid reviewer, ReportStatus to, string? reason, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var changed = await db.Set<UsageReport>()
            .Where(r => r.Id == report.Id && r.Status == ReportStatus.Pending && r.SubmittedBy != reviewer)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, to).SetProperty(r => r.ReviewedBy, (Guid?)reviewer)
                .SetProperty(r => r.ReviewedAt, (DateTimeOffset?)at).SetProperty(r => r.RejectReason, reason), ct);
        if (changed == 0) return false;
        await UsageTotals.MoveAsync(db, report, ReportStatus.Pending, to, ct);
        audit.Record(db, to == ReportStatus.Approved ? "budget.report.approved" : "budget.report.rejected", reviewer, "UsageReport",
            report.Id.ToString(CultureInfo.InvariantCulture), report.ClusterId,
            new { old = new { Status = nameof(ReportStatus.Pending) }, @new = new { Status = to.ToString(), RejectReason = reason } });
        return true;
    }
}
