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
            Run(h.ListAsync(db, search, page, pageSize, ct))).Produces<Paged<UserItem>>();

        users.MapGet("/{id:guid}", (Guid id, SigapDb db, UserAdminHandlers h, CancellationToken ct) =>
            Run(h.GetAsync(db, id, ct))).Produces<UserDetail>();

        users.MapPost("/", async (CreateUserRequest req, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            (await h.CreateAsync(db, caller, req, ct)).ToHttp(u => TypedResults.Created($"/api/admin/users/{u.Id}", u)))
            .Produces<UserItem>(StatusCodes.Status201Created);

        users.MapPut("/{id:guid}", (Guid id, UpdateUserRequest req, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            Run(h.UpdateAsync(db, caller, id, req, ct))).Produces<UserItem>();

        users.MapPost("/{id:guid}/lock", (Guid id, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            Run(h.SetLockedAsync(db, caller, id, true, ct))).Produces<UserItem>();

        users.MapPost("/{id:guid}/unlock", (Guid id, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            Run(h.SetLockedAsync(db, caller, id, false, ct))).Produces<UserItem>();

        users.MapGet("/{id:guid}/roles", (Guid id, SigapDb db, UserAdminHandlers h, CancellationToken ct) =>
            Run(h.RolesAsync(db, id, ct))).Produces<IReadOnlyList<RoleAssignmentItem>>();

        users.MapPost("/{id:guid}/roles", async (Guid id, GrantRoleRequest req, SigapDb db, ClaimsPrincipal caller, UserAdminHandlers h, CancellationToken ct) =>
            (await h.GrantAsync(db, caller, id, req, ct)).ToHttp(r => TypedResults.Created($"/api/admin/users/{id}/roles/{r.Id}", r)))
            .Produces<RoleAssignmentItem>(StatusCodes.Status201Created);

        users.MapDelete("/{id:guid}/roles/{assignmentId:guid}", async (Guid id, Guid assignmentId, SigapDb db, ClaimsPrincipal caller,
                UserAdminHandlers h, CancellationToken ct) =>
            (await h.RevokeAsync(db, caller, id, assignmentId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .Produces(StatusCodes.Status204NoContent);
        return app;
    }

    private static async Task<IResult> Run<T>(Task<Outcome<T>> work) => (await work).ToHttp();
}
