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
        var kids = unit.Kind == OrgUnitKind.Cluster ? [] :
            await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == id.Value).OrderBy(u => u.Code).ToListAsync(ct);

        // Each cluster of the subtree keyed by the child it rolls up to: the path segment after the unit's path
        // ("/1/2/" + "7/15/" → "7"); a cluster's own dashboard has one key. Computed from the cluster's row, so the
        // roll-ups are reached by cluster id from the Path range. Three GROUP BYs over the year by (child, category,
        // month) then give the children, the categories and the months at once: a few hundred groups for an Area,
        // however many reports there are.
        var id0 = unit.Id;
        var after = unit.Path.Length;
        var subtree = db.OrgUnits.Where(ScopeQueries.Under(unit.Path));
        var keyed = unit.Kind == OrgUnitKind.Cluster
            ? subtree.Where(c => c.Id == id0).Select(c => new { ClusterId = c.Id, Key = "" })
            : subtree.Where(c => c.Id != id0).Select(c => new
            {
                ClusterId = c.Id,
                Key = c.Path.Substring(after).Substring(0, c.Path.Substring(after).IndexOf("/")),
            });

        var usage = await (
            from t in db.Set<UsageMonthlyTotal>().Where(t => t.Year == y)
            join x in keyed on t.ClusterId equals x.ClusterId
            group t by new { x.Key, t.CategoryId, t.Month } into g
            select new Cell(g.Key.Key, g.Key.CategoryId, g.Key.Month, g.Sum(v => v.ApprovedAmount), g.Sum(v => v.PendingAmount))).ToListAsync(ct);
        var recommended = await (
            from r in db.Set<Recommendation>().Where(r => r.Year == y && (month == null || r.Month == month))
            join x in keyed on r.ClusterId equals x.ClusterId
            group r by new { x.Key, r.CategoryId, r.Month } into g
            select new Cell(g.Key.Key, g.Key.CategoryId, g.Key.Month, g.Sum(v => v.Amount), 0)).ToListAsync(ct);
        var budgeted = await (
            from b in db.Set<MonthlyBudget>().Where(b => b.Year == y)
            join x in keyed on b.ClusterId equals x.ClusterId
            group b by new { x.Key, b.Month } into g
            select new Cell(g.Key.Key, 0, g.Key.Month, g.Sum(v => v.Amount), 0)).ToListAsync(ct);

        bool InPeriod(Cell c) => month is null || c.Month == month;
        var categoryIds = usage.Where(InPeriod).Select(c => c.CategoryId).Union(recommended.Where(InPeriod).Select(c => c.CategoryId)).ToList();
        var categoryInfo = await db.Set<SpendingCategory>().AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToListAsync(ct);
        var categories = categoryInfo.OrderBy(c => c.SortOrder).ThenBy(c => c.Code, StringComparer.Ordinal).Select(c =>
        {
            var rec = recommended.Where(r => r.CategoryId == c.Id && InPeriod(r)).Sum(r => r.Approved);
            var used = usage.Where(u => u.CategoryId == c.Id && InPeriod(u)).ToList();
            var approved = used.Sum(u => u.Approved);
            return new DashboardCategory(c.Id, c.Code, c.Name, rec, approved, used.Sum(u => u.Pending), Percent(approved, rec), approved > rec);
        }).ToList();

        var monthly = Enumerable.Range(1, 12).Select(mo => new DashboardMonth(mo,
            budgeted.Where(b => b.Month == mo).Sum(b => b.Approved),
            usage.Where(u => u.Month == mo).Sum(u => u.Approved),
            usage.Where(u => u.Month == mo).Sum(u => u.Pending))).ToList();

        var children = kids.Select(k =>
        {
            var key = k.Id.ToString(CultureInfo.InvariantCulture);
            return new DashboardChild(Ref(k), DashboardFigures.Of(
                budgeted.Where(b => b.ChildId == key && InPeriod(b)).Sum(b => b.Approved),
                recommended.Where(r => r.ChildId == key && InPeriod(r)).Sum(r => r.Approved),
                usage.Where(u => u.ChildId == key && InPeriod(u)).Sum(u => u.Approved),
                usage.Where(u => u.ChildId == key && InPeriod(u)).Sum(u => u.Pending)));
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

        var totals = DashboardFigures.Of(
            budgeted.Where(InPeriod).Sum(b => b.Approved),
            recommended.Where(InPeriod).Sum(r => r.Approved),
            usage.Where(InPeriod).Sum(u => u.Approved),
            usage.Where(InPeriod).Sum(u => u.Pending));
        return new DashboardView(Ref(unit), breadcrumb, new DashboardPeriod(y, month), totals, children, categories, monthly, daily);
    }

    /// <summary>One group of a GROUP BY: an amount (and the pending amount for usage) of a child, category and month.</summary>
    private sealed record Cell(string ChildId, int CategoryId, int Month, long Approved, long Pending);

    private static DashboardUnit Ref(OrgUnit u) => new(u.Id, u.Code, u.Name, u.Kind);
}
