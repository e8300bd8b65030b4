using Sigap.Web.Platform.Errors;
using System.Security.Claims;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Org;

internal static class OrgApi
{
    public static IServiceCollection AddOrg(this IServiceCollection services)
    {
        Texts.Add(OrgTexts.All);
        services.AddScoped<OrgUnitHandlers>();
        services.AddUserAdmin();
        return services;
    }

    public static IEndpointRouteBuilder MapOrgApi(this IEndpointRouteBuilder app)
    {
        // Reading needs only a signed-in user: each caller sees the units of their own scope.
        var units = app.MapGroup("/api/org/units").WithTags("Org").RequireAuthorization();

        units.MapGet("/", (int? parentId, string? kind, string? search, int? page, int? pageSize, SigapDb db, ClaimsPrincipal user,
                OrgUnitHandlers h, CancellationToken ct) =>
            h.ListAsync(db, user, new UnitFilter(parentId, kind, search, page, pageSize), ct).ToHttpAsync())
            .WithName("OrgListUnits").WithSummary("List the units in the caller's scope, filtered by parent, kind or name; paged");

        units.MapGet("/{id:int}", (int id, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
            h.GetAsync(db, user, id, ct).ToHttpAsync())
            .WithName("OrgGetUnit").WithSummary("One unit with its parent and path; 404 outside the caller's scope");

        units.MapGet("/{id:int}/subtree", (int id, int? page, int? pageSize, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
            h.SubtreeAsync(db, user, id, page, pageSize, ct).ToHttpAsync())
            .WithName("OrgListSubtree").WithSummary("The unit and every unit under it; paged");

        units.MapPost("/", (CreateUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                h.CreateAsync(db, user, req, ct).ToHttpAsync(u => TypedResults.Created($"/api/org/units/{u.Id}", u)))
            .RequireAuthorization(Policies.OrgAdmin)
            .WithName("OrgCreateUnit").WithSummary("Create a unit under a parent of the kind above it (organisation administrators)");

        units.MapPut("/{id:int}", (int id, UpdateUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                h.UpdateAsync(db, user, id, req, ct).ToHttpAsync())
            .RequireAuthorization(Policies.OrgAdmin)
            .WithName("OrgUpdateUnit").WithSummary("Rename a unit or change its code (organisation administrators)");

        units.MapPost("/{id:int}/move", (int id, MoveUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                h.MoveAsync(db, user, id, req, ct).ToHttpAsync())
            .RequireAuthorization(Policies.OrgAdmin)
            .WithName("OrgMoveUnit").WithSummary("Move a unit and its subtree under another parent (organisation administrators)");

        units.MapDelete("/{id:int}", (int id, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                h.DeleteAsync(db, user, id, ct).ToHttpAsync(_ => TypedResults.NoContent()))
            .RequireAuthorization(Policies.OrgAdmin)
            .WithName("OrgDeleteUnit").WithSummary("Delete a unit without children or records; 409 otherwise (organisation administrators)");

        app.MapUserAdminApi();
        return app;
    }
}
