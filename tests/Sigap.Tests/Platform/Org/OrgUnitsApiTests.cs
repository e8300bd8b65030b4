using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Auth;
using static Sigap.Tests.Platform.Org.OrgTestKit;

namespace Sigap.Tests.Platform.Org;

public sealed class OrgUnitsApiTests(DemoApp app)
{
    [Fact]
    public async Task Create_get_rename_and_delete_a_unit_with_audit()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        var code = Code("R");
        var created = await admin.CreateUnitAsync(a3, "Region", code, "Region Uji");
        created.ParentId.Should().Be(a3);
        created.Kind.Should().Be("Region");
        var a3Path = await app.WithDbAsync(db => db.OrgUnits.Where(u => u.Id == a3).Select(u => u.Path).SingleAsync());
        created.Path.Should().Be($"{a3Path}{created.Id}/");
        created.Depth.Should().Be(a3Path.Count(c => c == '/'));

        var detail = await (await admin.GetAsync($"/api/org/units/{created.Id}", Ct)).ReadAsync<UnitDetailDto>();
        detail.Parent!.Code.Should().Be("A3");
        detail.ChildCount.Should().Be(0);

        var newCode = Code("R");
        var renamed = await (await admin.PutAsJsonAsync($"/api/org/units/{created.Id}", new { code = newCode, name = "Region Baru" }, Ct)).ReadAsync<UnitDto>();
        renamed.Code.Should().Be(newCode);
        renamed.Name.Should().Be("Region Baru");

        (await admin.DeleteAsync($"/api/org/units/{created.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/api/org/units/{created.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var actions = await app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "OrgUnit" && a.EntityId == created.Id.ToString())
            .OrderBy(a => a.Id).Select(a => new { a.Action, a.Data }).ToListAsync(Ct));
        actions.Select(a => a.Action).Should().Equal("org.unit.created", "org.unit.updated", "org.unit.deleted");
        actions[1].Data.Should().Contain(code).And.Contain(newCode); // old and new values
    }

    [Fact]
    public async Task Duplicate_code_is_409()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        var unit = await admin.CreateUnitAsync(a3, "Region");
        var again = await admin.PostAsJsonAsync("/api/org/units", new { parentId = a3, kind = "Region", code = unit.Code, name = "x" }, Ct);
        var problem = await again.ProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain(unit.Code);
        var other = await admin.CreateUnitAsync(a3, "Region");
        var rename = await admin.PutAsJsonAsync($"/api/org/units/{other.Id}", new { code = unit.Code, name = "x" }, Ct);
        await rename.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Move_carries_the_whole_subtree_in_one_update()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        var regionA = await admin.CreateUnitAsync(a3, "Region");
        var regionB = await admin.CreateUnitAsync(a3, "Region");
        var branch = await admin.CreateUnitAsync(regionA.Id, "Branch");
        var cluster1 = await admin.CreateUnitAsync(branch.Id, "Cluster");
        var cluster2 = await admin.CreateUnitAsync(branch.Id, "Cluster");

        var moved = await (await admin.PostAsJsonAsync($"/api/org/units/{branch.Id}/move", new { newParentId = regionB.Id }, Ct)).ReadAsync<UnitDto>();
        moved.ParentId.Should().Be(regionB.Id);
        moved.Path.Should().Be($"{regionB.Path}{branch.Id}/");

        var rows = await app.WithDbAsync(db => db.OrgUnits.Where(u => new[] { branch.Id, cluster1.Id, cluster2.Id }.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, Ct));
        rows[branch.Id].ParentId.Should().Be(regionB.Id);
        rows[cluster1.Id].Path.Should().Be($"{regionB.Path}{branch.Id}/{cluster1.Id}/");
        rows[cluster2.Id].Path.Should().Be($"{regionB.Path}{branch.Id}/{cluster2.Id}/");
        rows[cluster1.Id].ParentId.Should().Be(branch.Id);

        var subtree = await (await admin.GetAsync($"/api/org/units/{regionB.Id}/subtree", Ct)).ReadAsync<PagedDto<UnitDto>>();
        var expected = rows.Values.Select(u => (u.Id, u.Path)).Append((regionB.Id, regionB.Path)).OrderBy(u => u.Path, StringComparer.Ordinal).Select(u => u.Id);
        subtree.Items.Select(u => u.Id).Should().Equal(expected);
        subtree.Total.Should().Be(4);
        var oldSubtree = await (await admin.GetAsync($"/api/org/units/{regionA.Id}/subtree", Ct)).ReadAsync<PagedDto<UnitDto>>();
        oldSubtree.Items.Select(u => u.Id).Should().Equal(regionA.Id);

        var audit = await app.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == "org.unit.moved" && a.EntityId == branch.Id.ToString(), Ct));
        audit.Data.Should().Contain(regionA.Path).And.Contain(regionB.Path);
    }

    [Fact]
    public async Task Moving_under_itself_or_a_descendant_is_a_cycle()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        var office = await admin.CreateUnitAsync(a3, "Office");
        var inner = await admin.CreateUnitAsync(office.Id, "Office");
        // Offices may contain offices, so only the cycle rule can refuse these.
        foreach (var target in new[] { office.Id, inner.Id })
        {
            var problem = await (await admin.PostAsJsonAsync($"/api/org/units/{office.Id}/move", new { newParentId = target }, Ct))
                .ProblemAsync(HttpStatusCode.Conflict);
            problem.GetProperty("code").GetString().Should().Be("org.move.cycle");
        }
    }

    [Fact]
    public async Task Moves_sent_at_the_same_moment_leave_a_tree_without_cycles_or_stale_paths()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        var top = await admin.CreateUnitAsync(a3, "Office");
        for (var round = 0; round < 8; round++)
        {
            // Each move alone is fine; together they would put each office under the other.
            var one = await admin.CreateUnitAsync(top.Id, "Office");
            var two = await admin.CreateUnitAsync(top.Id, "Office");
            var leaf = await admin.CreateUnitAsync(two.Id, "Office");
            var responses = await Task.WhenAll(
                admin.PostAsJsonAsync($"/api/org/units/{one.Id}/move", new { newParentId = two.Id }, Ct),
                admin.PostAsJsonAsync($"/api/org/units/{two.Id}/move", new { newParentId = one.Id }, Ct),
                admin.PostAsJsonAsync($"/api/org/units/{leaf.Id}/move", new { newParentId = one.Id }, Ct));
            responses.Take(2).Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1, "one of the crossing moves must be refused as a cycle");
            responses[2].StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var units = await app.WithDbAsync(db => db.OrgUnits.Where(u => u.Path.StartsWith(top.Path)).ToListAsync(Ct));
        var byId = units.ToDictionary(u => u.Id);
        units.Should().HaveCount(1 + 8 * 3);
        foreach (var unit in units.Where(u => u.Id != top.Id))
            unit.Path.Should().Be(byId[unit.ParentId!.Value].Path + unit.Id + "/", "every path is its parent's path plus its own id");
    }

    [Fact]
    public async Task Kind_rules_apply_to_create_and_move()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        var bad = await admin.PostAsJsonAsync("/api/org/units", new { parentId = a3, kind = "Cluster", code = Code(), name = "x" }, Ct);
        (await bad.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("org.kind.notAllowed");

        var region = await admin.CreateUnitAsync(a3, "Region");
        var branch = await admin.CreateUnitAsync(region.Id, "Branch");
        var move = await admin.PostAsJsonAsync($"/api/org/units/{branch.Id}/move", new { newParentId = a3 }, Ct);
        (await move.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().Should().Be("org.kind.notAllowed");

        var unknown = await admin.PostAsJsonAsync("/api/org/units", new { parentId = a3, kind = "Galaxy", code = Code(), name = "x" }, Ct);
        await unknown.ShouldNameFieldAsync("kind");
    }

    [Fact]
    public async Task Delete_is_refused_while_the_unit_has_children_or_role_assignments()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        var region = await admin.CreateUnitAsync(a3, "Region");
        var branch = await admin.CreateUnitAsync(region.Id, "Branch");
        (await (await admin.DeleteAsync($"/api/org/units/{region.Id}", Ct)).ProblemAsync(HttpStatusCode.Conflict))
            .GetProperty("code").GetString().Should().Be("org.unit.hasChildren");

        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ClusterDps).Select(u => u.Id).SingleAsync(Ct));
        var grant = await (await admin.PostAsJsonAsync($"/api/admin/users/{userId}/roles", new { role = "Mcot", unitId = branch.Id }, Ct))
            .ReadAsync<System.Text.Json.JsonElement>(HttpStatusCode.Created);
        (await (await admin.DeleteAsync($"/api/org/units/{branch.Id}", Ct)).ProblemAsync(HttpStatusCode.Conflict))
            .GetProperty("code").GetString().Should().Be("org.unit.inUse");

        (await admin.DeleteAsync($"/api/admin/users/{userId}/roles/{grant.GetProperty("id").GetString()}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.DeleteAsync($"/api/org/units/{branch.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.DeleteAsync($"/api/org/units/{region.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Over_long_or_missing_fields_are_400_naming_the_field()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        await (await admin.PostAsJsonAsync("/api/org/units", new { parentId = a3, kind = "Region", code = new string('K', 41), name = "x" }, Ct))
            .ShouldNameFieldAsync("code");
        await (await admin.PostAsJsonAsync("/api/org/units", new { parentId = a3, kind = "Region", code = Code(), name = new string('n', 201) }, Ct))
            .ShouldNameFieldAsync("name");
        await (await admin.PostAsJsonAsync("/api/org/units", new { kind = "Region", code = Code(), name = "x" }, Ct))
            .ShouldNameFieldAsync("parentId");
        await (await admin.PostAsJsonAsync("/api/org/units", new { parentId = a3, kind = "Region", code = "bad code!", name = "x" }, Ct))
            .ShouldNameFieldAsync("code");
        var unit = await admin.CreateUnitAsync(a3, "Region");
        await (await admin.PutAsJsonAsync($"/api/org/units/{unit.Id}", new { code = unit.Code, name = new string('n', 201) }, Ct))
            .ShouldNameFieldAsync("name");
    }

    [Fact]
    public async Task Paging_is_checked_and_lists_are_ordered_by_path()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        await (await admin.GetAsync("/api/org/units?pageSize=100000", Ct)).ShouldNameFieldAsync("pageSize");
        await (await admin.GetAsync("/api/org/units?pageSize=0", Ct)).ShouldNameFieldAsync("pageSize");
        await (await admin.GetAsync("/api/org/units?page=0", Ct)).ShouldNameFieldAsync("page");
        await (await admin.GetAsync("/api/org/units?kind=Planet", Ct)).ShouldNameFieldAsync("kind");

        var page = await (await admin.GetAsync("/api/org/units?pageSize=3&page=2", Ct)).ReadAsync<PagedDto<UnitDto>>();
        page.Items.Should().HaveCount(3);
        page.Page.Should().Be(2);
        page.Total.Should().BeGreaterThanOrEqualTo(11);
        page.Items.Select(u => u.Path).Should().BeInAscendingOrder(StringComparer.Ordinal);

        var clusters = await (await admin.GetAsync("/api/org/units?kind=Cluster&search=surabaya&pageSize=200", Ct)).ReadAsync<PagedDto<UnitDto>>();
        clusters.Items.Select(u => u.Code).Should().Contain(["C-SBY-TIM", "C-SBY-BAR"]).And.NotContain("C-DPS");
        var sby = await app.UnitIdAsync("B-SBY");
        var children = await (await admin.GetAsync($"/api/org/units?parentId={sby}", Ct)).ReadAsync<PagedDto<UnitDto>>();
        children.Items.Select(u => u.Code).Should().BeEquivalentTo("C-SBY-TIM", "C-SBY-BAR");
    }
}
