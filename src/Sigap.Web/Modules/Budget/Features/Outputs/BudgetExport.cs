using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;
using Sigap.Web.Platform.Reports;

namespace Sigap.Web.Modules.Budget.Features.Outputs;

internal sealed record ExportFile(string FileName, byte[] Content);

/// <summary>The Excel export of a unit's month: a summary per cluster, recommended vs approved per category, and every report. Sums are SQL GROUP BYs.</summary>
internal static class BudgetExport
{
    public static async Task<Outcome<ExportFile>> BuildAsync(SigapDb db, UserScope scope, int unitId, int year, int month, CancellationToken ct)
    {
        var resolved = await OutputPeriod.ResolveAsync(db, scope, unitId, year, month, BudgetModule.ExportRoles, ct);
        if (resolved.Value is not { } p) return resolved.Error!;
        var clusterIds = p.ClusterIds(db);

        var clusters = await db.OrgUnits.Where(ScopeQueries.Under(p.Unit.Path)).Where(u => u.Kind == OrgUnitKind.Cluster)
            .OrderBy(u => u.Name).ThenBy(u => u.Code).Select(u => new { u.Id, u.Code, u.Name }).AsNoTracking().ToListAsync(ct);
        var budgets = await db.Set<MonthlyBudget>().Where(b => b.Year == year && b.Month == month && clusterIds.Contains(b.ClusterId))
            .GroupBy(b => b.ClusterId).Select(g => new { g.Key, Sum = g.Sum(b => b.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum, ct);
        var recommended = await db.Set<Recommendation>().Where(r => r.Year == year && r.Month == month && clusterIds.Contains(r.ClusterId))
            .GroupBy(r => new { r.ClusterId, r.CategoryId }).Select(g => new { g.Key.ClusterId, g.Key.CategoryId, Sum = g.Sum(r => r.Amount) })
            .ToListAsync(ct);
        var used = await db.Set<UsageMonthlyTotal>().Where(t => t.Year == year && t.Month == month && clusterIds.Contains(t.ClusterId))
            .GroupBy(t => new { t.ClusterId, t.CategoryId })
            .Select(g => new { g.Key.ClusterId, g.Key.CategoryId, Approved = g.Sum(t => t.ApprovedAmount), Pending = g.Sum(t => t.PendingAmount) })
            .ToListAsync(ct);
        var categoryIds = recommended.Select(r => r.CategoryId).Concat(used.Select(u => u.CategoryId)).Distinct().ToArray();
        var categories = await db.Set<SpendingCategory>().Where(c => categoryIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.SortOrder }).ToDictionaryAsync(c => c.Id, ct);

        var xlsx = new ExcelWriter();
        var summary = xlsx.AddSheet(Texts.Get("budget.out.sheet.summary"),
            new ExcelColumn(Texts.Get("budget.out.code"), Width: 14), new ExcelColumn(Texts.Get("budget.out.clusterName"), Width: 28),
            new ExcelColumn(Texts.Get("budget.out.budget"), ExcelFormat.Rupiah, 18), new ExcelColumn(Texts.Get("budget.out.recommended"), ExcelFormat.Rupiah, 18),
            new ExcelColumn(Texts.Get("budget.out.approved"), ExcelFormat.Rupiah, 20), new ExcelColumn(Texts.Get("budget.out.pending"), ExcelFormat.Rupiah, 18),
            new ExcelColumn(Texts.Get("budget.out.remaining"), ExcelFormat.Rupiah, 18), new ExcelColumn(Texts.Get("budget.out.percent"), ExcelFormat.Percent, 12));
        long tBudget = 0, tRec = 0, tApproved = 0, tPending = 0;
        foreach (var c in clusters)
        {
            var budget = budgets.GetValueOrDefault(c.Id);
            var rec = recommended.Where(r => r.ClusterId == c.Id).Sum(r => r.Sum);
            var approved = used.Where(u => u.ClusterId == c.Id).Sum(u => u.Approved);
            var pending = used.Where(u => u.ClusterId == c.Id).Sum(u => u.Pending);
            summary.AddRow(c.Code, c.Name, budget, rec, approved, pending, budget - approved, Ratio(approved, budget));
            tBudget += budget; tRec += rec; tApproved += approved; tPending += pending;
        }
        summary.AddRow(Texts.Get("budget.out.total"), p.Unit.Name, tBudget, tRec, tApproved, tPending, tBudget - tApproved, Ratio(tApproved, tBudget));

        var perCategory = xlsx.AddSheet(Texts.Get("budget.out.sheet.categories"),
            new ExcelColumn(Texts.Get("budget.out.code"), Width: 14), new ExcelColumn(Texts.Get("budget.out.clusterName"), Width: 28),
            new ExcelColumn(Texts.Get("budget.out.category"), Width: 24), new ExcelColumn(Texts.Get("budget.out.recommended"), ExcelFormat.Rupiah, 18),
            new ExcelColumn(Texts.Get("budget.out.approved"), ExcelFormat.Rupiah, 20), new ExcelColumn(Texts.Get("budget.out.pending"), ExcelFormat.Rupiah, 18),
            new ExcelColumn(Texts.Get("budget.out.remaining"), ExcelFormat.Rupiah, 18), new ExcelColumn(Texts.Get("budget.out.percent"), ExcelFormat.Percent, 12));
        var order = categoryIds.OrderBy(id => categories.TryGetValue(id, out var k) ? k.SortOrder : int.MaxValue)
            .ThenBy(id => categories.TryGetValue(id, out var k) ? k.Name : "").ToList();
        foreach (var c in clusters)
            foreach (var categoryId in order)
            {
                var rec = recommended.FirstOrDefault(r => r.ClusterId == c.Id && r.CategoryId == categoryId)?.Sum;
                var u = used.FirstOrDefault(x => x.ClusterId == c.Id && x.CategoryId == categoryId);
                if (rec is null && u is null) continue;
                var approved = u?.Approved ?? 0;
                perCategory.AddRow(c.Code, c.Name, categories.TryGetValue(categoryId, out var k) ? k.Name : categoryId.ToString(),
                    rec ?? 0, approved, u?.Pending ?? 0, (rec ?? 0) - approved, Ratio(approved, rec ?? 0));
            }

        var reports = xlsx.AddSheet(Texts.Get("budget.out.sheet.reports"),
            new ExcelColumn(Texts.Get("budget.out.id"), ExcelFormat.Integer, 11), new ExcelColumn(Texts.Get("budget.out.cluster"), Width: 14),
            new ExcelColumn(Texts.Get("budget.out.clusterName"), Width: 24), new ExcelColumn(Texts.Get("budget.out.category"), Width: 20),
            new ExcelColumn(Texts.Get("budget.out.date"), ExcelFormat.Date, 12), new ExcelColumn(Texts.Get("budget.out.amount"), ExcelFormat.Rupiah, 16),
            new ExcelColumn(Texts.Get("budget.out.status"), Width: 12), new ExcelColumn(Texts.Get("budget.out.description"), Width: 40),
            new ExcelColumn(Texts.Get("budget.out.submitter"), Width: 20), new ExcelColumn(Texts.Get("budget.out.submittedAt"), ExcelFormat.DateTime, 17),
            new ExcelColumn(Texts.Get("budget.out.reviewer"), Width: 20), new ExcelColumn(Texts.Get("budget.out.reviewedAt"), ExcelFormat.DateTime, 17),
            new ExcelColumn(Texts.Get("budget.out.rejectReason"), Width: 30), new ExcelColumn(Texts.Get("budget.out.evidenceCount"), ExcelFormat.Integer, 10),
            new ExcelColumn(Texts.Get("budget.out.overRecommendation"), Width: 12), new ExcelColumn(Texts.Get("budget.out.overBudget"), Width: 12));
        var rows = await (
            from r in db.Set<UsageReport>().Where(r => r.Year == year && r.Month == month && clusterIds.Contains(r.ClusterId))
            join c in db.OrgUnits on r.ClusterId equals c.Id
            join k in db.Set<SpendingCategory>() on r.CategoryId equals k.Id
            join s in db.Users on r.SubmittedBy equals s.Id into ss
            from s in ss.DefaultIfEmpty()
            join v in db.Users on r.ReviewedBy equals (Guid?)v.Id into vs
            from v in vs.DefaultIfEmpty()
            orderby c.Name, r.SpendDate, r.Id
            select new
            {
                r.Id, c.Code, ClusterName = c.Name, Category = k.Name, r.SpendDate, r.Amount, r.Status, r.Description, r.SubmittedAt, r.ReviewedAt,
                r.RejectReason, r.OverRecommendation, r.OverBudget,
                Evidence = db.Set<UsageEvidence>().Count(e => e.ReportId == r.Id),
                SubmitterFirst = s == null ? null : s.FirstName, SubmitterLast = s == null ? null : s.LastName,
                ReviewerFirst = v == null ? null : v.FirstName, ReviewerLast = v == null ? null : v.LastName,
            }).AsNoTracking().ToListAsync(ct);
        foreach (var r in rows)
            reports.AddRow(r.Id, r.Code, r.ClusterName, r.Category, r.SpendDate, r.Amount, Texts.Get($"budget.status.{r.Status}"), r.Description,
                AccountabilityReport.Name(r.SubmitterFirst, r.SubmitterLast), OutputsTexts.Wib(r.SubmittedAt),
                AccountabilityReport.Name(r.ReviewerFirst, r.ReviewerLast), r.ReviewedAt is { } at ? OutputsTexts.Wib(at) : null,
                r.RejectReason, r.Evidence, r.OverRecommendation, r.OverBudget);

        return new ExportFile($"{Texts.Get("budget.out.filePrefix")}-{p.FileStem}.xlsx", xlsx.ToArray());
    }

    /// <summary>A fraction for Excel's percent format; no value (empty cell) when there is nothing to divide by.</summary>
    private static double? Ratio(long part, long whole) => whole > 0 ? (double)part / whole : null;
}
