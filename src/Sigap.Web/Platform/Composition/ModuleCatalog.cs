using Microsoft.Extensions.Options;
using Sigap.Web.Platform.Auth;

namespace Sigap.Web.Platform.Composition;

/// <summary>One destination of the app: a module or an administration page, and the roles that reach it.</summary>
/// <param name="TextKey">Texts key of its name; module entries also have "{TextKey}.desc".</param>
public sealed record NavItem(string TextKey, string Path, string Icon, IReadOnlyList<Role> Roles)
{
    /// <summary>SystemAdmin reaches everything (<see cref="UserScope.HasAny"/> says so).</summary>
    public bool IsVisibleTo(UserScope scope) => scope.HasAny([.. Roles]);
}

/// <summary>What one role may do in a module, for the role picker and the docs: a Texts key of one line.</summary>
public sealed record RoleUse(Role Role, string DescriptionKey);

/// <summary>
/// Everything a module tells the platform about itself, from its own folder: its name (the folder under Modules/),
/// the roles it uses and what each may do there, and its navigation entry. Its migrations are found by convention in
/// <c>Modules/{Name}/Data/Migrations/{Sqlite,Postgres}/</c> (see <see cref="Persistence.Migrator"/>).
/// </summary>
public sealed record ModuleManifest(string Name, NavItem Navigation, IReadOnlyList<RoleUse> Roles);

/// <summary>
/// The modules of this app as they registered in Program.cs (<see cref="ModuleCatalogSetup.AddModule"/>), plus the
/// platform's own administration pages. The sidebar and the home page both read it, so a role never sees a card
/// without a menu entry or the other way round; the pages themselves still check their own policies.
/// </summary>
public sealed class ModuleCatalog(IEnumerable<ModuleManifest> modules, IOptions<OrgAdminOptions>? orgAdmins = null)
{
    public IReadOnlyList<NavItem> AdminPages { get; } =
    [
        new("nav.org", "/admin/org", "account_tree", [.. (orgAdmins?.Value ?? new OrgAdminOptions()).Roles]),
        new("nav.users", "/admin/users", "manage_accounts", [Role.SystemAdmin]),
        new("nav.audit", "/admin/audit", "history", [Role.SystemAdmin]),
    ];

    public IReadOnlyList<ModuleManifest> Modules { get; } = Distinct(modules.ToList());

    /// <summary>Every role there is: SystemAdmin and those the modules declared, in declaration order.</summary>
    public IReadOnlyList<Role> Roles { get; } = [Role.SystemAdmin, .. modules.SelectMany(m => m.Roles.Select(r => r.Role)).Where(r => r != Role.SystemAdmin).Distinct()];

    /// <summary>The declared role of that name (any case), or null.</summary>
    public Role? Find(string? name) =>
        Roles.Cast<Role?>().FirstOrDefault(r => string.Equals(r!.Value.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<NavItem> ModulesFor(UserScope scope) => Modules.Select(m => m.Navigation).Where(n => n.IsVisibleTo(scope)).ToList();

    public IReadOnlyList<NavItem> AdminFor(UserScope scope) => AdminPages.Where(n => n.IsVisibleTo(scope)).ToList();

    /// <summary>The roles' one-line descriptions, per module, for the role picker.</summary>
    public IEnumerable<(ModuleManifest Module, RoleUse Use)> RoleUses(Role role) =>
        Modules.SelectMany(m => m.Roles.Where(r => r.Role == role).Select(r => (m, r)));

    private static List<ModuleManifest> Distinct(List<ModuleManifest> modules)
    {
        var twice = modules.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidOperationException($"Module '{twice.Key}' is registered twice.");
        return modules;
    }
}

public static class ModuleCatalogSetup
{
    /// <summary>Registers a module's manifest; call it once from the module's AddX().</summary>
    public static IServiceCollection AddModule(this IServiceCollection services, ModuleManifest manifest)
    {
        services.AddSingleton(manifest);
        return services;
    }
}
