using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Composition;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Platform;

/// <summary>Modules declare themselves from their own folder; the shell and the migrator read what they declared.</summary>
public sealed class ModuleCatalogTests(DemoApp app)
{
    private static UserScope ScopeWith(params Role[] roles) =>
        new(Guid.NewGuid(), roles.Select(r => new ScopeGrant(r, 1, "U", "Unit", OrgUnitKind.Region, "/1/")).ToList());

    private static readonly ModuleCatalog TwoModules = new(
    [
        new ModuleManifest("Alpha", new NavItem("alpha", "/alpha", "a", [Role.NocAdmin, Role.Technician]), []),
        new ModuleManifest("Beta", new NavItem("beta", "/beta", "b", [Role.NocAdmin, Role.HelpdeskAdmin]), []),
    ]);

    [Fact]
    public void A_role_sees_the_modules_that_declared_it_in_registration_order()
    {
        TwoModules.ModulesFor(ScopeWith(Role.NocAdmin)).Select(n => n.Path).Should().Equal("/alpha", "/beta");
        TwoModules.ModulesFor(ScopeWith(Role.Technician)).Select(n => n.Path).Should().Equal("/alpha");
        TwoModules.ModulesFor(ScopeWith(Role.ClusterUser)).Should().BeEmpty();
        TwoModules.ModulesFor(UserScope.Anonymous).Should().BeEmpty();
    }

    [Fact]
    public void System_admin_sees_every_module_and_every_admin_page_area_admin_only_the_org_page()
    {
        TwoModules.ModulesFor(ScopeWith(Role.SystemAdmin)).Should().HaveCount(2);
        TwoModules.AdminFor(ScopeWith(Role.SystemAdmin)).Select(a => a.Path).Should().Equal("/admin/org", "/admin/users", "/admin/audit");
        TwoModules.AdminFor(ScopeWith(Role.AreaAdmin)).Select(a => a.Path).Should().Equal("/admin/org");
        TwoModules.AdminFor(ScopeWith(Role.NocAdmin)).Should().BeEmpty();
    }

    [Fact]
    public void A_module_registered_twice_is_an_error()
    {
        var alpha = TwoModules.Modules[0];
        var act = () => new ModuleCatalog([alpha, alpha with { Navigation = alpha.Navigation with { Path = "/x" } }]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*Alpha*twice*");
    }

    [Fact]
    public void Budget_declares_its_entry_from_its_own_policies_with_a_description_for_every_role_it_uses()
    {
        var catalog = app.Services.GetRequiredService<ModuleCatalog>();
        var budget = catalog.Modules.Should().ContainSingle(m => m.Name == "Budget").Subject;
        budget.Navigation.Roles.Should().BeEquivalentTo(BudgetModule.ReadRoles);
        budget.Roles.Select(r => r.Role).Should().BeEquivalentTo(BudgetModule.ReadRoles);
        catalog.ModulesFor(ScopeWith(Role.ClusterUser)).Select(n => n.Path).Should().Equal("/budget");
        foreach (var key in catalog.Modules.SelectMany(m => new[] { m.Navigation.TextKey, m.Navigation.TextKey + ".desc" }.Concat(m.Roles.Select(r => r.DescriptionKey)))
                     .Concat(ModuleCatalog.AdminPages.Select(a => a.TextKey)))
            Texts.Has(key).Should().BeTrue(key);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Migrations_come_platform_first_then_each_module_from_its_own_folder(DatabaseProvider provider)
    {
        var ids = Migrator.Scripts(provider).Select(s => s.Id).ToList();
        ids[0].Should().Be("0001_platform");
        ids.Should().Contain("0002_budget");
        ids.Should().OnlyHaveUniqueItems();
        // The platform's scripts, whatever their numbers, come before Budget's (found under Modules/Budget/Data/Migrations).
        var budgetAt = ids.IndexOf("0002_budget");
        ids.Take(budgetAt).Should().NotContain(id => id.Contains("budget"));
    }
}
