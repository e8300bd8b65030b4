using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Org;
using static Sigap.Tests.Platform.Org.OrgTestKit;

namespace Sigap.Tests.Platform.Admin;

public sealed record UserDto(Guid Id, string? UserName, string? Email, string FirstName, string? LastName, string? Phone, bool IsActive, bool Locked, bool EmailConfirmed);
public sealed record RoleDto(Guid Id, string Role, int UnitId, string UnitCode, string UnitName);
public sealed record UserDetailDto(UserDto User, List<RoleDto> Roles);

public sealed class UserAdminApiTests(DemoApp app)
{
    private const string Password = "Rahasia-Uji-2026";

    private static object NewUser(string email) => new { firstName = "Budi", lastName = "Santoso", email, phone = "0812 3456 7890", password = Password };

    private static string Email() => $"user-{Guid.NewGuid():N}@test.sigap.id";

    [Fact]
    public async Task Create_user_grant_role_changes_scope_then_revoke_with_audit()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var email = Email();
        var created = await (await admin.PostAsJsonAsync("/api/admin/users", NewUser(email), Ct)).ReadAsync<UserDto>(HttpStatusCode.Created);
        created.EmailConfirmed.Should().BeTrue();
        created.Phone.Should().Be("+6281234567890");
        created.UserName.Should().Be(email);

        // The new user signs in at once and, without roles, sees no units.
        using var user = await app.ClientForAsync(email, Password);
        (await (await user.GetAsync("/api/org/units", Ct)).ReadAsync<PagedDto<UnitDto>>()).Total.Should().Be(0);

        var dps = await app.UnitIdAsync("B-DPS");
        var grant = await (await admin.PostAsJsonAsync($"/api/admin/users/{created.Id}/roles", new { role = "BranchManager", unitId = dps }, Ct))
            .ReadAsync<RoleDto>(HttpStatusCode.Created);
        grant.UnitCode.Should().Be("B-DPS");
        var visible = await (await user.GetAsync("/api/org/units?pageSize=200", Ct)).ReadAsync<PagedDto<UnitDto>>();
        visible.Items.Select(u => u.Code).Should().Contain(["B-DPS", "C-DPS"]).And.NotContain("B-SBY");

        (await admin.PostAsJsonAsync($"/api/admin/users/{created.Id}/roles", new { role = "BranchManager", unitId = dps }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Conflict);
        var detail = await (await admin.GetAsync($"/api/admin/users/{created.Id}", Ct)).ReadAsync<UserDetailDto>();
        detail.Roles.Should().ContainSingle().Which.Role.Should().Be("BranchManager");
        (await (await admin.GetAsync($"/api/admin/users/{created.Id}/roles", Ct)).ReadAsync<List<RoleDto>>()).Should().ContainSingle();

        (await admin.DeleteAsync($"/api/admin/users/{created.Id}/roles/{grant.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await user.GetAsync("/api/org/units", Ct)).ReadAsync<PagedDto<UnitDto>>()).Total.Should().Be(0);
        (await admin.DeleteAsync($"/api/admin/users/{created.Id}/roles/{grant.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var actions = await app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "User" && a.EntityId == created.Id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct));
        actions.Should().Equal("admin.user.created", "admin.role.granted", "admin.role.revoked");
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Admin).Select(u => u.Id).SingleAsync(Ct));
        (await app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "User" && a.EntityId == created.Id.ToString()).AllAsync(a => a.UserId == adminId, Ct)))
            .Should().BeTrue();
        (await app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityId == created.Id.ToString()).AnyAsync(a => a.Data!.Contains(Password), Ct)))
            .Should().BeFalse("passwords never reach the audit log");
    }

    [Fact]
    public async Task Update_lock_and_unlock()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var email = Email();
        var created = await (await admin.PostAsJsonAsync("/api/admin/users", NewUser(email), Ct)).ReadAsync<UserDto>(HttpStatusCode.Created);

        var updated = await (await admin.PutAsJsonAsync($"/api/admin/users/{created.Id}", new { firstName = "Siti", lastName = "Aminah", phone = "", isActive = true }, Ct))
            .ReadAsync<UserDto>();
        updated.FirstName.Should().Be("Siti");
        updated.Phone.Should().BeNull();

        (await (await admin.PostAsync($"/api/admin/users/{created.Id}/lock", null, Ct)).ReadAsync<UserDto>()).Locked.Should().BeTrue();
        using var anonymous = app.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = email, password = Password }, Ct);
        login.IsSuccessStatusCode.Should().BeFalse("a locked user cannot sign in");
        (await (await admin.PostAsync($"/api/admin/users/{created.Id}/unlock", null, Ct)).ReadAsync<UserDto>()).Locked.Should().BeFalse();
        using var signedIn = await app.ClientForAsync(email, Password);

        var actions = await app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "User" && a.EntityId == created.Id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct));
        actions.Should().Equal("admin.user.created", "admin.user.updated", "admin.user.locked", "admin.user.unlocked");
    }

    [Fact]
    public async Task List_searches_and_pages()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var tag = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
            (await admin.PostAsJsonAsync("/api/admin/users", new { firstName = $"Cari{tag}", lastName = $"N{i}", email = $"{tag}-{i}@test.sigap.id", password = Password }, Ct))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        var page = await (await admin.GetAsync($"/api/admin/users?search=CARI{tag}&pageSize=2", Ct)).ReadAsync<PagedDto<UserDto>>();
        page.Total.Should().Be(3);
        page.Items.Should().HaveCount(2);
        var page2 = await (await admin.GetAsync($"/api/admin/users?search={tag}&pageSize=2&page=2", Ct)).ReadAsync<PagedDto<UserDto>>();
        page2.Items.Should().ContainSingle();
        page.Items.Concat(page2.Items).Select(u => u.Email).Should().OnlyHaveUniqueItems();
        await (await admin.GetAsync("/api/admin/users?pageSize=100000", Ct)).ShouldNameFieldAsync("pageSize");
    }

    [Fact]
    public async Task Validation_and_conflicts_name_the_field()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        await (await admin.PostAsJsonAsync("/api/admin/users", new { firstName = new string('x', 101), email = Email(), password = Password }, Ct)).ShouldNameFieldAsync("firstName");
        await (await admin.PostAsJsonAsync("/api/admin/users", new { firstName = "A", email = "not-an-email", password = Password }, Ct)).ShouldNameFieldAsync("email");
        await (await admin.PostAsJsonAsync("/api/admin/users", new { firstName = "A", email = Email(), password = "short" }, Ct)).ShouldNameFieldAsync("password");
        (await admin.PostAsJsonAsync("/api/admin/users", new { firstName = "A", email = Demo.Area, password = Password }, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict);

        var created = await (await admin.PostAsJsonAsync("/api/admin/users", NewUser(Email()), Ct)).ReadAsync<UserDto>(HttpStatusCode.Created);
        var a3 = await app.UnitIdAsync("A3");
        await (await admin.PostAsJsonAsync($"/api/admin/users/{created.Id}/roles", new { role = "Emperor", unitId = a3 }, Ct)).ShouldNameFieldAsync("role");
        await (await admin.PostAsJsonAsync($"/api/admin/users/{created.Id}/roles", new { role = "Mcot", unitId = int.MaxValue }, Ct)).ShouldNameFieldAsync("unitId");
        (await admin.PostAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}/roles", new { role = "Mcot", unitId = a3 }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admin_cannot_lock_themselves()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Admin).Select(u => u.Id).SingleAsync(Ct));
        (await admin.PostAsync($"/api/admin/users/{adminId}/lock", null, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData(Demo.Area)]
    [InlineData(Demo.RegionJatim)]
    [InlineData(Demo.ClusterDps)]
    public async Task Non_admins_get_403(string login)
    {
        using var client = await app.SignInAsync(login);
        (await client.GetAsync("/api/admin/users", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.PostAsJsonAsync("/api/admin/users", NewUser(Email()), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var someone = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.ClusterSbyTim).Select(u => u.Id).SingleAsync(Ct));
        (await client.PostAsJsonAsync($"/api/admin/users/{someone}/roles", new { role = "SystemAdmin", unitId = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/audit", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
