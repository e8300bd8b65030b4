using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Domain;

/// <summary>Org-tree questions every budget feature asks: is this unit mine to see, which Area is it in, is the month closed.</summary>
internal static class BudgetUnits
{
    /// <summary>The unit when the caller holds one of <paramref name="roles"/> on it or above it; null otherwise (answer 404, never 403).</summary>
    public static async Task<OrgUnit?> VisibleAsync(SigapDb db, UserScope scope, int unitId, Role[] roles, CancellationToken ct)
    {
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
        return unit is not null && scope.Covers(unit.Path, roles) ? unit : null;
    }

    /// <summary>A cluster the caller may reach with <paramref name="roles"/>; null when missing, not a cluster or out of scope.</summary>
    public static async Task<OrgUnit?> VisibleClusterAsync(SigapDb db, UserScope scope, int clusterId, Role[] roles, CancellationToken ct)
    {
        var unit = await VisibleAsync(db, scope, clusterId, roles, ct);
        return unit?.Kind == OrgUnitKind.Cluster ? unit : null;
    }

    /// <summary>The ids on a path, root first: "/1/4/9/" → 1, 4, 9.</summary>
    public static int[] PathIds(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    /// <summary>The Area a unit belongs to (itself when it is one); null above or outside the sales tree.</summary>
    public static async Task<int?> AreaIdAsync(SigapDb db, OrgUnit unit, CancellationToken ct)
    {
        if (unit.Kind == OrgUnitKind.Area) return unit.Id;
        var ids = PathIds(unit.Path);
        return await db.OrgUnits.Where(u => ids.Contains(u.Id) && u.Kind == OrgUnitKind.Area).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
    }

    public static Task<bool> IsClosedAsync(SigapDb db, int areaId, int year, int month, CancellationToken ct) =>
        db.Set<ClosedMonth>().AnyAsync(c => c.AreaId == areaId && c.Year == year && c.Month == month, ct);

    /// <summary>Is the month closed for the Area of this cluster?</summary>
    public static async Task<bool> IsClosedForAsync(SigapDb db, OrgUnit cluster, int year, int month, CancellationToken ct) =>
        await AreaIdAsync(db, cluster, ct) is { } areaId && await IsClosedAsync(db, areaId, year, month, ct);
}
