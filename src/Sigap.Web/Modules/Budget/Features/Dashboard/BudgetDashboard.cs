using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Dashboard;

/// <summary>
/// The budget dashboard of one unit. Every figure is a GROUP BY in the database over the roll-ups (never the reports),
/// the budgets and the recommendations of the clusters under the unit, found with the indexed Path range; children
/// are grouped on the child whose path starts the cluster's. Called by the endpoint and in-process by the page and the
/// benchmark, so all three see the same numbers.
/// </summary>
internal sealed class BudgetDashboard(TimeProvider clock)
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    public static double? Percent(long part, long whole) => whole <= 0 ? null : Math.Round(100.0 * part / whole, 1);

    /// <summary>The unit a caller's dashboard opens on: their highest grant of a budget role (a ClusterUser's cluster).</summary>
    public static int? DefaultUnitId(UserScope scope) =>
        scope.Grants.Where(g => g.Role == Role.SystemAdmin || BudgetModule.ReadRoles.Contains(g.Role))
            .OrderBy(g => g.Path.Length).ThenBy(g => g.Path, StringComparer.Ordinal).Select(g => (int?)g.UnitId).FirstOrDefault();

    /// <summary>Today's year and month in WIB, the period a dashboard opens on.</summary>
    public (int Year, int Month) ThisMonth()
    {
        var now = clock.GetUtcNow().ToOffset(Wib);
        return (now.Year, now.Month);
    }

    /// <param name="year">Default: this year (WIB), and then <paramref name="month"/> defaults to this month.</param>
    /// <param name="month">Null with a year given: the whole year.</param>
    public async Task<Outcome<DashboardView>> GetAsync(SigapDb db, UserScope scope, int? unitId, int? year, int? month, CancellationToken ct)
    {
        var check = new Check();
        if (year is { } y0) check.Range("year", y0, 2000, 2100);
        if (month is { } m0) check.Range("month", m0, 1, 12);
        if (check.Failed) return Failure.Invalid(check);
        if (year is null)
        {
            var (thisYear, thisMonth) = ThisMonth();
            year = thisYear;
            month ??= thisMonth;
        }

        var id = unitId ?? DefaultUnitId(scope);
        if (id is null) return Failure.NotFound;
        var unit = await BudgetUnits.VisibleAsync(db, scope, id.Value, BudgetModule.ReadRoles, ct);
        if (unit is null) return Failure.NotFound;

        var ancestorIds = BudgetUnits.PathIds(unit.Path)[..^1];
        var ancestors = await db.OrgUnits.AsNoTracking().Where(u => ancestorIds.Contains(u.Id)).ToListAsync(ct);
        var breadcrumb = ancestors.Where(a => scope.Covers(a.Path, BudgetModule.ReadRoles)).OrderBy(a => a.Path.Length).Select(Ref).ToList();

        var y = year.Value;
        var subtree = db.OrgUnits.Where(ScopeQueries.Under(unit.Path));
        var usage = db.Set<UsageMonthlyTotal>().Where(t => t.Year == y);
        var budgets = db.Set<MonthlyBudget>().Where(b => b.Year == y);
        var recommendations = db.Set<Recommendation>().Where(r => r.Year == y);
        if (month is { } m)
        {
            usage = usage.Where(t => t.Month == m);
            budgets = budgets.Where(b => b.Month == m);
            recommendations = recommendations.Where(r => r.Month == m);
        }

        // Categories: used and recommended, over the whole subtree.
        var categoryUsage = await (
            from t in usage join c in subtree on t.ClusterId equals c.Id
            group t by t.CategoryId into g
            select new { CategoryId = g.Key, Approved = g.Sum(x => x.ApprovedAmount), Pending = g.Sum(x => x.PendingAmount) }).ToListAsync(ct);
        var categoryRecommended = await (
            from r in recommendations join c in subtree on r.ClusterId equals c.Id
            group r by r.CategoryId into g
            select new { CategoryId = g.Key, Amount = g.Sum(x => x.Amount) }).ToListAsync(ct);
        var categoryIds = categoryUsage.Select(c => c.CategoryId).Union(categoryRecommended.Select(c => c.CategoryId)).ToList();
        var categoryInfo = await db.Set<SpendingCategory>().AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToListAsync(ct);
        var categories = categoryInfo.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).Select(c =>
        {
            var used = categoryUsage.FirstOrDefault(u => u.CategoryId == c.Id);
            var recommended = categoryRecommended.FirstOrDefault(r => r.CategoryId == c.Id)?.Amount ?? 0;
            var approved = used?.Approved ?? 0;
            return new DashboardCategory(c.Id, c.Code, c.Name, recommended, approved, used?.Pending ?? 0, Percent(approved, recommended), approved > recommended);
        }).ToList();

        // The year by month (whatever the period), which also gives the period's budget.
        var monthlyUsage = await (
            from t in db.Set<UsageMonthlyTotal>().Where(t => t.Year == y) join c in subtree on t.ClusterId equals c.Id
            group t by t.Month into g
            select new { Month = g.Key, Approved = g.Sum(x => x.ApprovedAmount), Pending = g.Sum(x => x.PendingAmount) }).ToListAsync(ct);
        var monthlyBudget = await (
            from b in db.Set<MonthlyBudget>().Where(b => b.Year == y) join c in subtree on b.ClusterId equals c.Id
            group b by b.Month into g
            select new { Month = g.Key, Amount = g.Sum(x => x.Amount) }).ToListAsync(ct);
        var monthly = Enumerable.Range(1, 12).Select(mo =>
        {
            var used = monthlyUsage.FirstOrDefault(u => u.Month == mo);
            return new DashboardMonth(mo, monthlyBudget.FirstOrDefault(b => b.Month == mo)?.Amount ?? 0, used?.Approved ?? 0, used?.Pending ?? 0);
        }).ToList();

        var daily = new List<DashboardDay>();
        if (month is { } dm)
        {
            var first = new DateOnly(y, dm, 1);
            var last = first.AddMonths(1).AddDays(-1);
            var days = await (
                from d in db.Set<UsageDailyTotal>().Where(d => d.Day >= first && d.Day <= last) join c in subtree on d.ClusterId equals c.Id
                group d by d.Day into g
                select new { Day = g.Key, Approved = g.Sum(x => x.ApprovedAmount), Pending = g.Sum(x => x.PendingAmount) }).ToListAsync(ct);
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var found = days.FirstOrDefault(x => x.Day == day);
                daily.Add(new DashboardDay(day, found?.Approved ?? 0, found?.Pending ?? 0));
            }
        }

        var children = unit.Kind == OrgUnitKind.Cluster ? [] : await ChildrenAsync(db, unit, usage, budgets, recommendations, ct);

        var totals = DashboardFigures.Of(
            monthly.Where(x => month is null || x.Month == month).Sum(x => x.Budget),
            categories.Sum(c => c.Recommended),
            categories.Sum(c => c.Approved),
            categories.Sum(c => c.Pending));
        return new DashboardView(Ref(unit), breadcrumb, new DashboardPeriod(y, month), totals, children, categories, monthly, daily);
    }

    /// <summary>One row per child unit: its clusters' figures grouped on the child whose path the cluster's path starts with.</summary>
    private static async Task<List<DashboardChild>> ChildrenAsync(SigapDb db, OrgUnit unit, IQueryable<UsageMonthlyTotal> usage,
        IQueryable<MonthlyBudget> budgets, IQueryable<Recommendation> recommendations, CancellationToken ct)
    {
        var kids = await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == unit.Id).OrderBy(u => u.Code).ToListAsync(ct);
        if (kids.Count == 0) return [];
        var unitId = unit.Id;
        var childOf =
            from c in db.OrgUnits.Where(ScopeQueries.Under(unit.Path))
            from k in db.OrgUnits.Where(k => k.ParentId == unitId)
            where c.Path.StartsWith(k.Path)
            select new { ClusterId = c.Id, ChildId = k.Id };

        var used = await (
            from t in usage join x in childOf on t.ClusterId equals x.ClusterId
            group t by x.ChildId into g
            select new { ChildId = g.Key, Approved = g.Sum(v => v.ApprovedAmount), Pending = g.Sum(v => v.PendingAmount) }).ToListAsync(ct);
        var budgeted = await (
            from b in budgets join x in childOf on b.ClusterId equals x.ClusterId
            group b by x.ChildId into g
            select new { ChildId = g.Key, Amount = g.Sum(v => v.Amount) }).ToListAsync(ct);
        var recommended = await (
            from r in recommendations join x in childOf on r.ClusterId equals x.ClusterId
            group r by x.ChildId into g
            select new { ChildId = g.Key, Amount = g.Sum(v => v.Amount) }).ToListAsync(ct);

        return kids.Select(k =>
        {
            var u = used.FirstOrDefault(x => x.ChildId == k.Id);
            return new DashboardChild(Ref(k), DashboardFigures.Of(
                budgeted.FirstOrDefault(x => x.ChildId == k.Id)?.Amount ?? 0,
                recommended.FirstOrDefault(x => x.ChildId == k.Id)?.Amount ?? 0,
                u?.Approved ?? 0, u?.Pending ?? 0));
        }).ToList();
    }

    private static DashboardUnit Ref(OrgUnit u) => new(u.Id, u.Code, u.Name, u.Kind);
}
