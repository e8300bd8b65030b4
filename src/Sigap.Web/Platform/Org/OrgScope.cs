using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Org;

/// <summary>Org-tree questions every module asks about a record's unit: may the caller see it, which ancestor of a kind is it under.</summary>
internal static class OrgScope
{
    /// <summary>The unit when the caller holds one of <paramref name="roles"/> on it or above it (and it is of <paramref name="kind"/>, when given); null otherwise — answer 404, never 403.</summary>
    public static async Task<OrgUnit?> VisibleAsync(SigapDb db, UserScope scope, int unitId, Role[] roles, CancellationToken ct, OrgUnitKind? kind = null)
    {
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
        return unit is not null && scope.Covers(unit.Path, roles) && (kind is null || unit.Kind == kind) ? unit : null;
    }

    /// <summary>The ids on a path, root first: "/1/4/9/" → 1, 4, 9.</summary>
    public static int[] PathIds(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    /// <summary>The id of the unit's nearest ancestor of <paramref name="kind"/> (itself when it is one); null when there is none.</summary>
    public static async Task<int?> AncestorIdAsync(SigapDb db, OrgUnit unit, OrgUnitKind kind, CancellationToken ct)
    {
        if (unit.Kind == kind) return unit.Id;
        var ids = PathIds(unit.Path);
        var found = await db.OrgUnits.Where(u => ids.Contains(u.Id) && u.Kind == kind).Select(u => new { u.Id, u.Path }).ToListAsync(ct);
        return found.OrderByDescending(u => u.Path.Length).Select(u => (int?)u.Id).FirstOrDefault();
    }
}
