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
            h.ListAsync(db, user, new UnitFilter(parentId, kind, search, page, pageSize), ct).ToHttpAsync());

        units.MapGet("/{id:int}", (int id, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
            h.GetAsync(db, user, id, ct).ToHttpAsync());

        units.MapGet("/{id:int}/subtree", (int id, int? page, int? pageSize, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
            h.SubtreeAsync(db, user, id, page, pageSize, ct).ToHttpAsync());

        units.MapPost("/", (CreateUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                h.CreateAsync(db, user, req, ct).ToHttpAsync(u => TypedResults.Created($"/api/org/units/{u.Id}", u)))
            .RequireAuthorization(Policies.OrgAdmin);

        units.MapPut("/{id:int}", (int id, UpdateUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                h.UpdateAsync(db, user, id, req, ct).ToHttpAsync())
            .RequireAuthorization(Policies.OrgAdmin);

        units.MapPost("/{id:int}/move", (int id, MoveUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                h.MoveAsync(db, user, id, req, ct).ToHttpAsync())
            .RequireAuthorization(Policies.OrgAdmin);

        units.MapDelete("/{id:int}", (int id, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                h.DeleteAsync(db, user, id, ct).ToHttpAsync(_ => TypedResults.NoContent()))
            .RequireAuthorization(Policies.OrgAdmin);

        app.MapUserAdminApi();
        return app;
    }
}
