using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Categories;

internal sealed record AreaRef(int Id, string Code, string Name);

/// <summary>Which Areas a caller reaches: their Area lists (categories, settings, months) are seen by everyone below too.</summary>
internal static class SetupAccess
{
    public const long MaxAmount = 10_000_000_000_000;

    /// <summary>
    /// For reading: the Areas under a grant of <paramref name="roles"/> and the Area above a grant on a region, branch or
    /// cluster (a cluster user reads its Area's category list).
    /// </summary>
    public static async Task<List<AreaRef>> ReadableAreasAsync(SigapDb db, UserScope scope, Role[] roles, CancellationToken ct)
    {
        var prefixes = scope.Prefixes(roles);
        if (prefixes.Count == 0) return [];
        var above = prefixes.SelectMany(OrgScope.PathIds).Distinct().ToArray();
        var areas = await db.OrgUnits.AsNoTracking().UnderAny(prefixes).Where(u => u.Kind == OrgUnitKind.Area)
            .Select(u => new AreaRef(u.Id, u.Code, u.Name)).ToListAsync(ct);
        areas.AddRange(await db.OrgUnits.AsNoTracking().Where(u => above.Contains(u.Id) && u.Kind == OrgUnitKind.Area)
            .Select(u => new AreaRef(u.Id, u.Code, u.Name)).ToListAsync(ct));
        return areas.DistinctBy(a => a.Id).OrderBy(a => a.Name).ToList();
    }

    /// <summary>The Area when the caller may read it (a grant on it, above it or below it); null → 404.</summary>
    public static async Task<OrgUnit?> ReadableAreaAsync(SigapDb db, UserScope scope, int areaId, Role[] roles, CancellationToken ct)
    {
        var area = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == areaId && u.Kind == OrgUnitKind.Area, ct);
        if (area is null) return null;
        var below = scope.Prefixes(roles).Any(p => p.StartsWith(area.Path, StringComparison.Ordinal));
        return below || scope.Covers(area.Path, roles) ? area : null;
    }

    /// <summary>The Area when the caller holds one of <paramref name="roles"/> on it or above it; null → 404.</summary>
    public static async Task<OrgUnit?> ManagedAreaAsync(SigapDb db, UserScope scope, int areaId, Role[] roles, CancellationToken ct)
    {
        var area = await BudgetUnits.VisibleAsync(db, scope, areaId, roles, ct);
        return area?.Kind == OrgUnitKind.Area ? area : null;
    }

    public static bool ValidPeriod(int year, int month) => year is >= 2000 and <= 2100 && month is >= 1 and <= 12;

    public static string Period(int year, int month) => $"{month:00}/{year}";
}
