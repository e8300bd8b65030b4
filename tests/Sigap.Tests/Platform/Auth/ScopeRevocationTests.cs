using Sigap.Web.Modules.Budget.Contracts;
using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Org;
using Sigap.Web.Platform.Auth;
using static Sigap.Tests.Platform.Auth.AuthTestKit;

namespace Sigap.Tests.Platform.Auth;

/// <summary>
/// A Blazor circuit keeps one service scope, and so one ScopeService, for as long as the page is open. A role granted
/// or revoked meanwhile (by the admin API, in another scope) must reach that instance at its next call.
/// </summary>
public sealed class ScopeRevocationTests(DemoApp app)
{
    [Fact]
    public async Task A_revoked_role_is_gone_for_the_scope_service_an_open_page_holds_and_a_new_grant_arrives()
    {
        var (_, userId) = await NewUserAsync(app, "scope");
        var unitId = await app.UnitIdAsync("R-JATIM");
        using var admin = await app.SignInAsync(Demo.Admin);
        var granted = await admin.PostAsJsonAsync($"/api/admin/users/{userId}/roles", new { role = "RegionAdmin", unitId }, Ct);
        var grant = (await granted.Content.ReadFromJsonAsync<RoleAssignmentItem>(Json, Ct))!;

        // The circuit's scope: resolved once, used for every action of the open page.
        await using var circuit = app.Services.CreateAsyncScope();
        var scopes = circuit.ServiceProvider.GetRequiredService<ScopeService>();
        (await scopes.ForUserAsync(userId, Ct)).HasAny(BudgetRoles.RegionAdmin).Should().BeTrue();

        (await admin.DeleteAsync($"/api/admin/users/{userId}/roles/{grant.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await scopes.ForUserAsync(userId, Ct)).Grants.Should().BeEmpty();

        (await admin.PostAsJsonAsync($"/api/admin/users/{userId}/roles", new { role = "Mcot", unitId }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        var scope = await scopes.ForUserAsync(userId, Ct);
        scope.HasAny(BudgetRoles.Mcot).Should().BeTrue();
        scope.HasAny(BudgetRoles.RegionAdmin).Should().BeFalse();
    }

    [Fact]
    public async Task Unchanged_grants_are_served_from_the_instance_without_reloading()
    {
        var (_, userId) = await NewUserAsync(app, "scope");
        await using var circuit = app.Services.CreateAsyncScope();
        var scopes = circuit.ServiceProvider.GetRequiredService<ScopeService>();
        var first = await scopes.ForUserAsync(userId, Ct);
        (await scopes.ForUserAsync(userId, Ct)).Should().BeSameAs(first);
    }

    [Fact]
    public async Task Moving_the_unit_a_grant_is_on_reaches_the_scope_an_open_page_holds()
    {
        var (_, userId) = await NewUserAsync(app, "scope");
        using var admin = await app.SignInAsync(Demo.Admin);
        var region = await app.UnitIdAsync("R-JATIM");
        var from = await admin.CreateUnitAsync(region, "Branch");
        var to = await admin.CreateUnitAsync(region, "Branch");
        var cluster = await admin.CreateUnitAsync(from.Id, "Cluster");
        (await admin.PostAsJsonAsync($"/api/admin/users/{userId}/roles", new { role = "ClusterUser", unitId = cluster.Id }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        await using var circuit = app.Services.CreateAsyncScope();
        var scopes = circuit.ServiceProvider.GetRequiredService<ScopeService>();
        (await scopes.ForUserAsync(userId, Ct)).Grants.Should().ContainSingle().Which.Path.Should().StartWith(from.Path);

        (await admin.PostAsJsonAsync($"/api/org/units/{cluster.Id}/move", new { newParentId = to.Id }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var moved = (await scopes.ForUserAsync(userId, Ct)).Grants.Should().ContainSingle().Subject;
        moved.Path.Should().Be($"{to.Path}{cluster.Id}/");
    }
}
