using Sigap.Web.Modules.Budget.Contracts;
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

    private static readonly Role NocAdmin = new("NocAdmin"), Technician = new("Technician"), HelpdeskAdmin = new("HelpdeskAdmin");

    private static readonly ModuleCatalog TwoModules = new(
    [
        new ModuleManifest("Alpha", new NavItem("alpha", "/alpha", "a", [NocAdmin, Technician]), []),
        new ModuleManifest("Beta", new NavItem("beta", "/beta", "b", [NocAdmin, HelpdeskAdmin]), []),
    ]);

    [Fact]
    public void A_role_sees_the_modules_that_declared_it_in_registration_order()
    {
        TwoModules.ModulesFor(ScopeWith(NocAdmin)).Select(n => n.Path).Should().Equal("/alpha", "/beta");
        TwoModules.ModulesFor(ScopeWith(Technician)).Select(n => n.Path).Should().Equal("/alpha");
        TwoModules.ModulesFor(ScopeWith(BudgetRoles.ClusterUser)).Should().BeEmpty();
        TwoModules.ModulesFor(UserScope.Anonymous).Should().BeEmpty();
    }

    [Fact]
    public void System_admin_sees_every_module_and_every_admin_page_a_declared_org_admin_only_the_org_page()
    {
        TwoModules.ModulesFor(ScopeWith(Role.SystemAdmin)).Should().HaveCount(2);
        TwoModules.AdminFor(ScopeWith(Role.SystemAdmin)).Select(a => a.Path).Should().Equal("/admin/org", "/admin/users", "/admin/audit");
        TwoModules.AdminFor(ScopeWith(NocAdmin)).Should().BeEmpty("no module made NocAdmin an org admin");

        var orgAdmins = new OrgAdminOptions();
        orgAdmins.Roles.Add(NocAdmin);
        var withOrgAdmin = new ModuleCatalog(TwoModules.Modules, Microsoft.Extensions.Options.Options.Create(orgAdmins));
        withOrgAdmin.AdminFor(ScopeWith(NocAdmin)).Select(a => a.Path).Should().Equal("/admin/org");
        withOrgAdmin.AdminFor(ScopeWith(Technician)).Should().BeEmpty();
    }

    [Fact]
    public void The_roles_are_SystemAdmin_and_those_the_modules_declared()
    {
        var catalog = new ModuleCatalog(
        [
            new ModuleManifest("Alpha", new NavItem("alpha", "/alpha", "a", [NocAdmin]), [new RoleUse(NocAdmin, "x"), new RoleUse(Technician, "y")]),
            new ModuleManifest("Beta", new NavItem("beta", "/beta", "b", [NocAdmin]), [new RoleUse(NocAdmin, "z"), new RoleUse(HelpdeskAdmin, "w")]),
        ]);
        catalog.Roles.Should().Equal(Role.SystemAdmin, NocAdmin, Technician, HelpdeskAdmin);
        catalog.Find("technician").Should().Be(Technician);
        catalog.Find("ClusterUser").Should().BeNull();
        catalog.RoleUses(NocAdmin).Select(u => u.Use.DescriptionKey).Should().Equal("x", "z");
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
        catalog.Roles.Should().Equal([Role.SystemAdmin, .. BudgetModule.ReadRoles]);
        catalog.AdminFor(ScopeWith(BudgetRoles.AreaAdmin)).Select(a => a.Path).Should().Equal("/admin/org"); // Budget made the Area admin an org admin
        catalog.ModulesFor(ScopeWith(BudgetRoles.ClusterUser)).Select(n => n.Path).Should().Equal("/budget");
        foreach (var key in catalog.Modules.SelectMany(m => new[] { m.Navigation.TextKey, m.Navigation.TextKey + ".desc" }.Concat(m.Roles.Select(r => r.DescriptionKey)))
                     .Concat(catalog.AdminPages.Select(a => a.TextKey)))
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
