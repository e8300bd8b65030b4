using System.Net;
using FluentAssertions;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Org;
using static Sigap.Tests.Platform.Org.OrgTestKit;

namespace Sigap.Tests.Platform.Admin;

/// <summary>The admin pages prerender with real data through the same handlers, and keep their policies.</summary>
public sealed class AdminPagesTests(DemoApp app)
{
    [Theory]
    // Other tests add units to the shared app, so the deep demo cluster is looked up rather than expected on page one.
    [InlineData("/admin/org?q=C-SBY-TIM", "Struktur Organisasi", "SBP Surabaya Timur")]
    [InlineData("/admin/users", "Pengguna &amp; Peran", "Pengguna baru")]
    [InlineData("/admin/audit", "Log Audit", "Dari")]
    public async Task Admin_pages_render_in_Indonesian_for_the_system_admin(string path, string title, string content)
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var response = await admin.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        html.Should().Contain(title).And.Contain(content);
    }

    [Fact]
    public async Task Org_page_shows_an_area_admin_only_their_subtree()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        (await (await admin.GetAsync("/admin/org", Ct)).Content.ReadAsStringAsync(Ct)).Should().Contain(">ROOT<", "the system admin's tree starts at the root");
        using var area = await app.SignInAsync(Demo.Area);
        var html = await (await area.GetAsync("/admin/org", Ct)).Content.ReadAsStringAsync(Ct);
        html.Should().Contain(">A3<").And.NotContain(">ROOT<", "the root lies above the area admin's grant");
        var found = await (await area.GetAsync("/admin/org?q=c-dps", Ct)).Content.ReadAsStringAsync(Ct);
        found.Should().Contain("SBP Denpasar").And.NotContain("SBP Surabaya Timur");
    }

    [Theory]
    [InlineData(Demo.RegionJatim, "/admin/org")]
    [InlineData(Demo.Area, "/admin/users")]
    [InlineData(Demo.Area, "/admin/audit")]
    public async Task Admin_pages_refuse_callers_without_the_permission(string login, string path)
    {
        using var client = await app.SignInAsync(login);
        var response = await client.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, html.Length > 500 ? html[..500] : html);
    }
}
