using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Categories;

internal static class CategoriesApi
{
    /// <summary>Spending categories and the Area settings (over-spend policy). Under the module's /api/budget group (which already requires budget.read).</summary>
    public static RouteGroupBuilder MapCategories(this RouteGroupBuilder api)
    {
        api.MapGet("/categories", (int? areaId, SigapDb db, ClaimsPrincipal user, CategoryHandlers h, CancellationToken ct) => h.ListAsync(db, user, areaId, ct).ToHttpAsync())
            .WithName("BudgetCategories").WithSummary("Spending categories of the caller's Area(s), or of one Area");
        api.MapPost("/categories", (CreateCategoryRequest req, SigapDb db, ClaimsPrincipal user, CategoryHandlers h, CancellationToken ct) =>
                h.CreateAsync(db, user, req, ct).ToHttpAsync(c => TypedResults.Created($"/api/budget/categories/{c.Id}", c)))
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetCategoryCreate").WithSummary("Add a category to an Area (code unique in the Area → else 409)");
        api.MapPut("/categories/{id:int}", (int id, UpdateCategoryRequest req, SigapDb db, ClaimsPrincipal user, CategoryHandlers h, CancellationToken ct) =>
                h.UpdateAsync(db, user, id, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetCategoryUpdate").WithSummary("Rename, reorder, activate or deactivate a category (the code never changes)");

        api.MapGet("/areas/{areaId:int}/settings", (int areaId, SigapDb db, ClaimsPrincipal user, CategoryHandlers h, CancellationToken ct) =>
                h.GetSettingsAsync(db, user, areaId, ct).ToHttpAsync())
            .WithName("BudgetAreaSettings").WithSummary("The Area's over-spend policy (Warn | Stop)");
        api.MapPut("/areas/{areaId:int}/settings", (int areaId, UpdateAreaSettingsRequest req, SigapDb db, ClaimsPrincipal user, CategoryHandlers h, CancellationToken ct) =>
                h.UpdateSettingsAsync(db, user, areaId, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetAreaSettingsUpdate").WithSummary("Set the Area's over-spend policy (Warn | Stop)");
        return api;
    }
}
