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
            Run(h.ListAsync(db, user, new UnitFilter(parentId, kind, search, page, pageSize), ct)))
            .Produces<Paged<OrgUnitItem>>();

        units.MapGet("/{id:int}", (int id, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
            Run(h.GetAsync(db, user, id, ct)))
            .Produces<OrgUnitDetail>();

        units.MapGet("/{id:int}/subtree", (int id, int? page, int? pageSize, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
            Run(h.SubtreeAsync(db, user, id, page, pageSize, ct)))
            .Produces<Paged<OrgUnitItem>>();

        units.MapPost("/", async (CreateUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                (await h.CreateAsync(db, user, req, ct)).ToHttp(u => TypedResults.Created($"/api/org/units/{u.Id}", u)))
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<OrgUnitItem>(StatusCodes.Status201Created);

        units.MapPut("/{id:int}", (int id, UpdateUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                Run(h.UpdateAsync(db, user, id, req, ct)))
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<OrgUnitItem>();

        units.MapPost("/{id:int}/move", (int id, MoveUnitRequest req, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                Run(h.MoveAsync(db, user, id, req, ct)))
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<OrgUnitItem>();

        units.MapDelete("/{id:int}", async (int id, SigapDb db, ClaimsPrincipal user, OrgUnitHandlers h, CancellationToken ct) =>
                (await h.DeleteAsync(db, user, id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces(StatusCodes.Status204NoContent);

        app.MapUserAdminApi();
        return app;
    }

    private static async Task<IResult> Run<T>(Task<Outcome<T>> work) => (await work).ToHttp();
}
