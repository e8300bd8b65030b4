using Sigap.Web.Platform.Localization;
using System.Globalization;
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

    public static double? Percent(long part, long whole) => whole <= 0 ? null : Math.Round(100.0 * part / whole, 1);

    /// <summary>The unit a caller's dashboard opens on: their highest grant of a budget role (a ClusterUser's cluster).</summary>
    public static int? DefaultUnitId(UserScope scope) =>
        scope.Grants.Where(g => g.Role == Role.SystemAdmin || BudgetModule.ReadRoles.Contains(g.Role))
            .OrderBy(g => g.Path.Length).ThenBy(g => g.Path, StringComparer.Ordinal).Select(g => (int?)g.UnitId).FirstOrDefault();

    /// <summary>Today's year and month in WIB, the period a dashboard opens on.</summary>
    public (int Year, int Month) ThisMonth()
    {
        var now = JakartaTime.Now(clock);
        return (now.Year, now.Month);
    }

    /// <param name="year">Default: this year (WIB), and then <paramref name="month"/> defaults to this month.</param>
    /// <param name="month">Null with a year given: the whole year.</param>
    public async Task<Outcome<DashboardView>> GetAsync(SigapDb db, UserScope scope, int? unitId, int? year, int? month, CancellationToken ct)
    {
        var check = new Check();
        check.Period(year, month);
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

        var ancestorIds = OrgScope.PathIds(unit.Path)[..^1];
        var ancestors = await db.OrgUnits.AsNoTracking().Where(u => ancestorIds.Contains(u.Id)).ToListAsync(ct);
        var breadcrumb = ancestors.Where(a => scope.Covers(a.Path, BudgetModule.ReadRoles)).OrderBy(a => a.Path.Length).Select(Ref).ToList();

        var y = year.Value;
        var kids = unit.Kind == OrgUnitKind.Cluster ? [] :
            await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == id.Value).OrderBy(u => u.Code).ToListAsync(ct);

        // The clusters of the subtree (one indexed Path range), each with the child of the unit it rolls up to: the path
        // segment after the unit's path ("/1/2/" + "7/15/" → 7). The database then only groups on integer columns —
        // (cluster, category) for the period and month for the year's chart — over the roll-ups, a few thousand rows
        // however many reports there are; the few hundred groups are folded into children here. The roll-ups are filtered
        // on the cluster ids as one array/JSON parameter rather than joined to the Path range again: PostgreSQL then reads
        // the covering index instead of hash-joining a whole year (year view p50 30 → 25 ms), and the SQL stays the same
        // however many clusters there are.
        var clusters = await db.OrgUnits.AsNoTracking().Where(ScopeQueries.Under(unit.Path)).Where(u => u.Kind == OrgUnitKind.Cluster)
            .Select(u => new { u.Id, u.Path }).ToListAsync(ct);
        var childOf = clusters.ToDictionary(c => c.Id, c => unit.Kind == OrgUnitKind.Cluster ? unit.Id : ChildId(unit.Path, c.Path));
        var clusterIds = clusters.Select(c => c.Id).ToArray();

        var usage = await (
            from t in db.Set<UsageMonthlyTotal>().Where(t => t.Year == y && (month == null || t.Month == month)).Where(x => EF.Parameter(clusterIds).Contains(x.ClusterId))
            group t by new { t.ClusterId, t.CategoryId } into g
            select new Cell(g.Key.ClusterId, g.Key.CategoryId, g.Sum(v => v.ApprovedAmount), g.Sum(v => v.PendingAmount))).ToListAsync(ct);
        var usageByMonth = await (
            from t in db.Set<UsageMonthlyTotal>().Where(t => t.Year == y).Where(x => EF.Parameter(clusterIds).Contains(x.ClusterId))
            group t by t.Month into g
            select new { Month = g.Key, Approved = g.Sum(v => v.ApprovedAmount), Pending = g.Sum(v => v.PendingAmount) }).ToListAsync(ct);
        var recommended = await (
            from r in db.Set<Recommendation>().Where(r => r.Year == y && (month == null || r.Month == month)).Where(x => EF.Parameter(clusterIds).Contains(x.ClusterId))
            group r by new { r.ClusterId, r.CategoryId } into g
            select new Cell(g.Key.ClusterId, g.Key.CategoryId, g.Sum(v => v.Amount), 0)).ToListAsync(ct);
        var budgetByMonth = await (
            from b in db.Set<MonthlyBudget>().Where(b => b.Year == y).Where(x => EF.Parameter(clusterIds).Contains(x.ClusterId))
            group b by b.Month into g
            select new { Month = g.Key, Amount = g.Sum(v => v.Amount) }).ToListAsync(ct);
        var budgetInPeriod = await (
            from b in db.Set<MonthlyBudget>().Where(b => b.Year == y && (month == null || b.Month == month)).Where(x => EF.Parameter(clusterIds).Contains(x.ClusterId))
            group b by b.ClusterId into g
            select new { ClusterId = g.Key, Amount = g.Sum(v => v.Amount) }).ToListAsync(ct);

        var categoryIds = usage.Select(c => c.CategoryId).Union(recommended.Select(c => c.CategoryId)).ToList();
        var categoryInfo = await db.Set<SpendingCategory>().AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToListAsync(ct);
        var categories = categoryInfo.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).Select(c =>
        {
            var rec = recommended.Where(r => r.CategoryId == c.Id).Sum(r => r.Approved);
            var used = usage.Where(u => u.CategoryId == c.Id).ToList();
            var approved = used.Sum(u => u.Approved);
            return new DashboardCategory(c.Id, c.Code, c.Name, rec, approved, used.Sum(u => u.Pending), Percent(approved, rec), approved > rec);
        }).ToList();

        var monthly = Enumerable.Range(1, 12).Select(mo => new DashboardMonth(mo,
            budgetByMonth.Where(b => b.Month == mo).Sum(b => b.Amount),
            usageByMonth.Where(u => u.Month == mo).Sum(u => u.Approved),
            usageByMonth.Where(u => u.Month == mo).Sum(u => u.Pending))).ToList();

        var children = kids.Select(k => new DashboardChild(Ref(k), DashboardFigures.Of(
            budgetInPeriod.Where(b => childOf.GetValueOrDefault(b.ClusterId) == k.Id).Sum(b => b.Amount),
            recommended.Where(r => childOf.GetValueOrDefault(r.ClusterId) == k.Id).Sum(r => r.Approved),
            usage.Where(u => childOf.GetValueOrDefault(u.ClusterId) == k.Id).Sum(u => u.Approved),
            usage.Where(u => childOf.GetValueOrDefault(u.ClusterId) == k.Id).Sum(u => u.Pending)))).ToList();

        var daily = new List<DashboardDay>();
        if (month is { } dm)
        {
            var first = new DateOnly(y, dm, 1);
            var last = first.AddMonths(1).AddDays(-1);
            var days = await (
                from d in db.Set<UsageDailyTotal>().Where(d => d.Day >= first && d.Day <= last).Where(x => EF.Parameter(clusterIds).Contains(x.ClusterId))
                group d by d.Day into g
                select new { Day = g.Key, Approved = g.Sum(x => x.ApprovedAmount), Pending = g.Sum(x => x.PendingAmount) }).ToListAsync(ct);
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var found = days.FirstOrDefault(x => x.Day == day);
                daily.Add(new DashboardDay(day, found?.Approved ?? 0, found?.Pending ?? 0));
            }
        }

        var totals = DashboardFigures.Of(
            budgetInPeriod.Sum(b => b.Amount),
            recommended.Sum(r => r.Approved),
            usage.Sum(u => u.Approved),
            usage.Sum(u => u.Pending));
        return new DashboardView(Ref(unit), breadcrumb, new DashboardPeriod(y, month), totals, children, categories, monthly, daily);
    }

    /// <summary>One group of a GROUP BY: an amount (and the pending amount for usage) of a cluster and category.</summary>
    private sealed record Cell(int ClusterId, int CategoryId, long Approved, long Pending);

    /// <summary>The id that follows <paramref name="unitPath"/> in a descendant's path: "/1/2/" and "/1/2/7/15/" → 7.</summary>
    private static int ChildId(string unitPath, string descendantPath)
    {
        var rest = descendantPath.AsSpan(unitPath.Length);
        return int.Parse(rest[..rest.IndexOf('/')], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DashboardUnit Ref(OrgUnit u) => new(u.Id, u.Code, u.Name, u.Kind);
}
