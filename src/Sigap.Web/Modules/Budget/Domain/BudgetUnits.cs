using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Domain;

/// <summary>Budget's questions on the org tree (built on <see cref="OrgScope"/>): which clusters and Areas, is the month closed.</summary>
internal static class BudgetUnits
{
    /// <summary>The unit when the caller holds one of <paramref name="roles"/> on it or above it; null otherwise (answer 404, never 403).</summary>
    public static Task<OrgUnit?> VisibleAsync(SigapDb db, UserScope scope, int unitId, Role[] roles, CancellationToken ct) =>
        OrgScope.VisibleAsync(db, scope, unitId, roles, ct);

    /// <summary>A cluster the caller may reach with <paramref name="roles"/>; null when missing, not a cluster or out of scope.</summary>
    public static Task<OrgUnit?> VisibleClusterAsync(SigapDb db, UserScope scope, int clusterId, Role[] roles, CancellationToken ct) =>
        OrgScope.VisibleAsync(db, scope, clusterId, roles, ct, OrgUnitKind.Cluster);

    /// <summary>The Area a unit belongs to (itself when it is one); null above or outside the sales tree.</summary>
    public static Task<int?> AreaIdAsync(SigapDb db, OrgUnit unit, CancellationToken ct) => OrgScope.AncestorIdAsync(db, unit, OrgUnitKind.Area, ct);

    public static Task<bool> IsClosedAsync(SigapDb db, int areaId, int year, int month, CancellationToken ct) =>
        db.Set<ClosedMonth>().AnyAsync(c => c.AreaId == areaId && c.Year == year && c.Month == month, ct);

    /// <summary>Is the month closed for the Area of this cluster?</summary>
    public static async Task<bool> IsClosedForAsync(SigapDb db, OrgUnit cluster, int year, int month, CancellationToken ct) =>
        await AreaIdAsync(db, cluster, ct) is { } areaId && await IsClosedAsync(db, areaId, year, month, ct);
}
