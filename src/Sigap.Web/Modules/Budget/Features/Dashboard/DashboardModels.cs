using Sigap.Web.Platform.Org;

namespace Sigap.Web.Modules.Budget.Features.Dashboard;

internal sealed record DashboardUnit(int Id, string Code, string Name, OrgUnitKind Kind);

/// <summary>The period shown: a month, or the whole year when <see cref="Month"/> is null.</summary>
internal sealed record DashboardPeriod(int Year, int? Month);

/// <summary>Budget, recommended, approved and pending rupiah of a unit (or the whole dashboard) for the period.</summary>
internal sealed record DashboardFigures(long Budget, long Recommended, long Approved, long Pending, long Remaining, double? PercentUsed, bool OverSpent)
{
    public static DashboardFigures Of(long budget, long recommended, long approved, long pending) =>
        new(budget, recommended, approved, pending, budget - approved, BudgetDashboard.Percent(approved, budget), approved > budget);
}

internal sealed record DashboardChild(DashboardUnit Unit, DashboardFigures Figures);

/// <summary>Approved usage of a category against its recommendation.</summary>
internal sealed record DashboardCategory(int Id, string Code, string Name, long Recommended, long Approved, long Pending, double? PercentUsed, bool OverSpent);

internal sealed record DashboardMonth(int Month, long Budget, long Approved, long Pending);

internal sealed record DashboardDay(DateOnly Day, long Approved, long Pending);

/// <summary>GET /api/budget/dashboard: one unit's figures, its children, categories, the year by month and the month by day (empty for a year view).</summary>
internal sealed record DashboardView(
    DashboardUnit Unit,
    IReadOnlyList<DashboardUnit> Breadcrumb,
    DashboardPeriod Period,
    DashboardFigures Totals,
    IReadOnlyList<DashboardChild> Children,
    IReadOnlyList<DashboardCategory> Categories,
    IReadOnlyList<DashboardMonth> Monthly,
    IReadOnlyList<DashboardDay> Daily)
{
    /// <summary>Nothing budgeted, recommended or reported in the period: the page shows its empty state.</summary>
    public bool IsEmpty => Totals is { Budget: 0, Recommended: 0, Approved: 0, Pending: 0 };
}
