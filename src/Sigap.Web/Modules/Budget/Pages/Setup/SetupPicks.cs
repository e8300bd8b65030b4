using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Pages.Setup;

internal sealed record Pick<T>(T Value, string Text);

/// <summary>The pickers the setup pages share: months in the user's language, years around now, units of a role's scope.</summary>
internal static class SetupPicks
{
    public static IReadOnlyList<Pick<int>> Months() =>
        Enumerable.Range(1, 12).Select(m => new Pick<int>(m, MonthName(m))).ToList();

    public static string MonthName(int month) => CultureInfo.CurrentUICulture.DateTimeFormat.GetMonthName(month);

    /// <summary>Three years back, two ahead, and <paramref name="selected"/> when a link asked for one further away.</summary>
    public static IReadOnlyList<Pick<int>> Years(int around, int? selected = null) =>
        Enumerable.Range(around - 3, 6).Append(selected ?? around).Distinct().Order()
            .Select(y => new Pick<int>(y, y.ToString(CultureInfo.InvariantCulture))).ToList();

    /// <summary>Units of the sales tree the roles reach, in tree order, indented by depth.</summary>
    public static async Task<List<Pick<int>>> UnitsAsync(SigapDb db, UserScope scope, Role[] roles, bool clustersOnly, CancellationToken ct)
    {
        var prefixes = scope.Prefixes(roles);
        if (prefixes.Count == 0) return [];
        var units = await db.OrgUnits.AsNoTracking().UnderAny(prefixes)
            .Where(u => clustersOnly ? u.Kind == OrgUnitKind.Cluster : u.Kind == OrgUnitKind.Area || u.Kind == OrgUnitKind.Region || u.Kind == OrgUnitKind.Branch || u.Kind == OrgUnitKind.Cluster)
            .OrderBy(u => u.Path).Take(5000).ToListAsync(ct);
        var min = units.Count == 0 ? 0 : units.Min(u => u.Depth);
        return units.Select(u => new Pick<int>(u.Id, (clustersOnly ? "" : new string('\u2003', u.Depth - min)) + $"{u.Name} ({u.Code})")).ToList();
    }

    /// <summary>Today in Asia/Jakarta (WIB).</summary>
    public static DateOnly Today(TimeProvider clock) => Platform.Localization.JakartaTime.Today(clock);
}
