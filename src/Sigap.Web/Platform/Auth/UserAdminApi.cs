using Sigap.Web.Platform.Errors;
using System.Security.Claims;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Auth;

internal static class UserAdminApi
{
    public static IServiceCollection AddUserAdmin(this IServiceCollection services) => services.AddScoped<UserAdminHandlers>();

    public static IEndpointRouteBuilder MapUserAdminApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/admin/users").WithTags("Admin").RequireAuthorization(Policies.SystemAdmin);

        users.MapGet("/", (string? search, int? page, int? pageSize, SigapDb db, UserAdminHandlers h, CancellationToken ct) =>
            h.ListAsync(db, search, page, pageSize, ct).ToHttpAsync())
            .WithName("AdminListUsers").WithSummary("List user accounts, searched by name, user name or e-mail; paged");

        users.MapGet("/{id:guid}", (Guid id, SigapDb db, UserAdminHandlers h, CancellationToken ct) =>
            h.GetAsync(db, id, ct).ToHttpAsync())
            .WithName("AdminGetUser").WithSummary("One user account with its role grants");

        users.MapPost("/", (CreateUserRequest req, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            h.CreateAsync(db, caller, req, ct).ToHttpAsync(u => TypedResults.Created($"/api/admin/users/{u.Id}", u)))
            .WithName("AdminCreateUser").WithSummary("Create a user account with an initial password");

        users.MapPut("/{id:guid}", (Guid id, UpdateUserRequest req, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            h.UpdateAsync(db, caller, id, req, ct).ToHttpAsync())
            .WithName("AdminUpdateUser").WithSummary("Update a user account's name, e-mail address or phone");

        users.MapPost("/{id:guid}/lock", (Guid id, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            h.SetLockedAsync(db, caller, id, true, ct).ToHttpAsync())
            .WithName("AdminLockUser").WithSummary("Lock a user account: its sessions end at once");

        users.MapPost("/{id:guid}/unlock", (Guid id, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            h.SetLockedAsync(db, caller, id, false, ct).ToHttpAsync())
            .WithName("AdminUnlockUser").WithSummary("Unlock a user account");

        users.MapGet("/{id:guid}/roles", (Guid id, SigapDb db, UserAdminHandlers h, CancellationToken ct) =>
            h.RolesAsync(db, id, ct).ToHttpAsync())
            .WithName("AdminListUserRoles").WithSummary("The role grants of a user account, each with its unit");

        users.MapPost("/{id:guid}/roles", (Guid id, GrantRoleRequest req, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            h.GrantAsync(db, caller, id, req, ct).ToHttpAsync(r => TypedResults.Created($"/api/admin/users/{id}/roles/{r.Id}", r)))
            .WithName("AdminGrantRole").WithSummary("Grant a role on a unit (and the units under it)");

        users.MapDelete("/{id:guid}/roles/{assignmentId:guid}", (Guid id, Guid assignmentId, SigapDb db, ClaimsPrincipal caller,
                UserAdminHandlers h, CancellationToken ct) =>
            h.RevokeAsync(db, caller, id, assignmentId, ct).ToHttpAsync(_ => TypedResults.NoContent()))
            .WithName("AdminRevokeRole").WithSummary("Revoke one role grant");
        return app;
    }
}
