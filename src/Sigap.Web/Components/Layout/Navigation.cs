using Sigap.Web.Platform.Auth;

namespace Sigap.Web.Components.Layout;

/// <summary>One destination of the app: a module or an administration page, and the roles that reach it.</summary>
/// <param name="TextKey">Texts key of its name; modules also have "{TextKey}.desc".</param>
public sealed record NavItem(string TextKey, string Path, string Icon, IReadOnlyList<Role> Roles)
{
    /// <summary>SystemAdmin reaches everything (<see cref="UserScope.HasAny"/> says so).</summary>
    public bool IsVisibleTo(UserScope scope) => scope.HasAny([.. Roles]);
}

/// <summary>
/// The one role → destination map of the shell. The sidebar and the home page both read it, so a role never
/// sees a card without a menu entry or the other way round. The pages themselves still check their own policies.
/// </summary>
public static class AppNavigation
{
    public static readonly IReadOnlyList<NavItem> Modules =
    [
        new("module.budget", "/budget", "account_balance_wallet",
            [Role.AreaAdmin, Role.RegionAdmin, Role.BranchManager, Role.Mcot, Role.GmSbp, Role.ClusterUser]),
        new("module.fieldservice", "/fieldservice", "engineering", [Role.NocAdmin, Role.Technician]),
        new("module.helpdesk", "/helpdesk", "support_agent", [Role.HelpdeskAdmin, Role.NocAdmin]),
        new("module.billing", "/billing", "receipt_long", [Role.BillingOfficer]),
        new("module.meetings", "/meetings", "record_voice_over", [Role.MeetingAdmin, Role.MeetingUser]),
    ];

    public static readonly IReadOnlyList<NavItem> Admin =
    [
        new("nav.org", "/admin/org", "account_tree", [Role.SystemAdmin, Role.AreaAdmin]),
        new("nav.users", "/admin/users", "manage_accounts", [Role.SystemAdmin]),
        new("nav.audit", "/admin/audit", "history", [Role.SystemAdmin]),
    ];

    public static IReadOnlyList<NavItem> ModulesFor(UserScope scope) => Modules.Where(m => m.IsVisibleTo(scope)).ToList();

    public static IReadOnlyList<NavItem> AdminFor(UserScope scope) => Admin.Where(m => m.IsVisibleTo(scope)).ToList();

    /// <summary>The module whose first path segment is <paramref name="segment"/> ("budget"), or null.</summary>
    public static NavItem? ModuleAt(string segment) =>
        Modules.FirstOrDefault(m => string.Equals(m.Path.TrimStart('/'), segment, StringComparison.OrdinalIgnoreCase));
}
