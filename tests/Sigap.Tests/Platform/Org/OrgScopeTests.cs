using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using static Sigap.Tests.Platform.Org.OrgTestKit;

namespace Sigap.Tests.Platform.Org;

/// <summary>No permission at all → 403; the permission but a unit outside one's scope → 404.</summary>
public sealed class OrgScopeTests(DemoApp app)
{
    [Fact]
    public async Task Area_admin_manages_inside_A3_only_and_not_A3_itself()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        using var area = await app.SignInAsync(Demo.Area);
        var a3 = await app.UnitIdAsync("A3");
        var root = await app.UnitIdAsync("ROOT");

        // Inside A3: create, rename, move, delete.
        var region = await area.CreateUnitAsync(a3, "Region");
        var other = await area.CreateUnitAsync(a3, "Region");
        var branch = await area.CreateUnitAsync(region.Id, "Branch");
        (await area.PutAsJsonAsync($"/api/org/units/{branch.Id}", new { code = Code(), name = "Cabang" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await area.PostAsJsonAsync($"/api/org/units/{branch.Id}/move", new { newParentId = other.Id }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await area.DeleteAsync($"/api/org/units/{branch.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // Outside A3 (a sibling area under ROOT): not found, whatever the verb.
        var outside = await admin.CreateUnitAsync(root, "Area");
        (await area.GetAsync($"/api/org/units/{outside.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await area.GetAsync($"/api/org/units/{outside.Id}/subtree", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await area.PutAsJsonAsync($"/api/org/units/{outside.Id}", new { code = Code(), name = "x" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await area.PostAsJsonAsync("/api/org/units", new { parentId = outside.Id, kind = "Region", code = Code(), name = "x" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await area.PostAsJsonAsync($"/api/org/units/{region.Id}/move", new { newParentId = outside.Id }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await area.DeleteAsync($"/api/org/units/{outside.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var list = await (await area.GetAsync("/api/org/units?pageSize=200&kind=Area", Ct)).ReadAsync<PagedDto<UnitDto>>();
        list.Items.Select(u => u.Id).Should().Equal(a3);

        // A3 itself carries the area admin's own grant: visible, but not theirs to change.
        (await area.GetAsync($"/api/org/units/{a3}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await area.PutAsJsonAsync($"/api/org/units/{a3}", new { code = "A3", name = "Renamed" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await area.DeleteAsync($"/api/org/units/{a3}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await area.PostAsJsonAsync($"/api/org/units/{a3}/move", new { newParentId = region.Id }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.OrgUnits.Where(u => u.Id == a3).Select(u => u.Name).SingleAsync(Ct))).Should().Be("Area 3 Jawa Bali");

        // The system admin may.
        (await admin.PutAsJsonAsync($"/api/org/units/{outside.Id}", new { code = outside.Code, name = "Area Lain" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.DeleteAsync($"/api/org/units/{outside.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Region_admin_has_no_org_admin_permission_and_lists_only_Jatim()
    {
        using var region = await app.SignInAsync(Demo.RegionJatim);
        var jatim = await app.UnitIdAsync("R-JATIM");
        var sby = await app.UnitIdAsync("B-SBY");
        var dps = await app.UnitIdAsync("B-DPS");

        (await region.PostAsJsonAsync("/api/org/units", new { parentId = jatim, kind = "Branch", code = Code(), name = "x" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await region.PutAsJsonAsync($"/api/org/units/{sby}", new { code = "B-SBY", name = "x" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await region.PostAsJsonAsync($"/api/org/units/{sby}/move", new { newParentId = jatim }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await region.DeleteAsync($"/api/org/units/{sby}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var jatimPath = await app.WithDbAsync(db => db.OrgUnits.Where(u => u.Id == jatim).Select(u => u.Path).SingleAsync(Ct));
        var list = await (await region.GetAsync("/api/org/units?pageSize=200", Ct)).ReadAsync<PagedDto<UnitDto>>();
        list.Items.Should().OnlyContain(u => u.Path.StartsWith(jatimPath));
        list.Items.Select(u => u.Code).Should().Contain(["R-JATIM", "B-SBY", "B-MLG", "C-SBY-TIM", "C-SBY-BAR", "C-MLG-KOTA"])
            .And.NotContain(["A3", "R-BALNUS", "B-DPS", "C-DPS", "ROOT"]);
        list.Total.Should().Be(list.Items.Count);

        (await region.GetAsync($"/api/org/units/{sby}", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await region.GetAsync($"/api/org/units/{dps}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var detail = await (await region.GetAsync($"/api/org/units/{jatim}", Ct)).ReadAsync<UnitDetailDto>();
        detail.Parent.Should().BeNull("A3 lies outside the region admin's scope");
        detail.ChildCount.Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/org/units", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/admin/users", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/audit", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
