using FluentAssertions;
using Sigap.Web.Components.Layout;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Org;

namespace Sigap.BrowserTests;

/// <summary>The role → destination map the sidebar and the home page share (no browser needed).</summary>
public sealed class NavigationTests
{
    private static UserScope ScopeWith(params Role[] roles) =>
        new(Guid.NewGuid(), roles.Select(r => new ScopeGrant(r, 1, "U", "Unit", OrgUnitKind.Region, "/1/")).ToList());

    [Theory]
    [InlineData(Role.ClusterUser, "/budget")]
    [InlineData(Role.Mcot, "/budget")]
    [InlineData(Role.GmSbp, "/budget")]
    [InlineData(Role.BranchManager, "/budget")]
    [InlineData(Role.RegionAdmin, "/budget")]
    [InlineData(Role.AreaAdmin, "/budget")]
    [InlineData(Role.Technician, "/fieldservice")]
    [InlineData(Role.NocAdmin, "/fieldservice,/helpdesk")]
    [InlineData(Role.HelpdeskAdmin, "/helpdesk")]
    [InlineData(Role.BillingOfficer, "/billing")]
    [InlineData(Role.MeetingAdmin, "/meetings")]
    [InlineData(Role.MeetingUser, "/meetings")]
    public void Each_role_sees_its_modules(Role role, string paths) =>
        AppNavigation.ModulesFor(ScopeWith(role)).Select(m => m.Path).Should().Equal(paths.Split(','));

    [Fact]
    public void System_admin_sees_every_module_and_every_admin_page()
    {
        var scope = ScopeWith(Role.SystemAdmin);
        AppNavigation.ModulesFor(scope).Should().HaveCount(AppNavigation.Modules.Count);
        AppNavigation.AdminFor(scope).Select(a => a.Path).Should().Equal("/admin/org", "/admin/users", "/admin/audit");
    }

    [Fact]
    public void Area_admin_gets_the_org_page_only_and_others_no_admin_page()
    {
        AppNavigation.AdminFor(ScopeWith(Role.AreaAdmin)).Select(a => a.Path).Should().Equal("/admin/org");
        foreach (var role in Enum.GetValues<Role>().Except([Role.SystemAdmin, Role.AreaAdmin]))
            AppNavigation.AdminFor(ScopeWith(role)).Should().BeEmpty(role.ToString());
    }

    [Fact]
    public void No_roles_no_destinations()
    {
        AppNavigation.ModulesFor(UserScope.Anonymous).Should().BeEmpty();
        AppNavigation.AdminFor(UserScope.Anonymous).Should().BeEmpty();
    }

    [Fact]
    public void Every_destination_has_texts_in_both_languages()
    {
        Sigap.Web.Components.ShellSetup.RegisterTexts();
        var keys = AppNavigation.Modules.SelectMany(m => new[] { m.TextKey, m.TextKey + ".desc" })
            .Concat(AppNavigation.Admin.Select(a => a.TextKey))
            .Concat(Enum.GetValues<Role>().Select(r => "role." + r));
        foreach (var key in keys) Texts.Has(key).Should().BeTrue(key);
    }
}
