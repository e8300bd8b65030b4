using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Sigap.Web.Modules.Budget.Features.Categories;
using Sigap.Web.Modules.Budget.Features.Months;
using Sigap.Web.Modules.Budget.Features.Recommendations;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Budgets;

/// <summary>Endpoints of the budget setup: categories, Area settings, budgets (single and import), recommendations, month closing.</summary>
internal static class BudgetSetupApi
{
    public static IServiceCollection AddBudgetSetup(this IServiceCollection services)
    {
        Texts.Add(BudgetSetupTexts.All);
        services.AddScoped<CategoryHandlers>();
        services.AddScoped<BudgetHandlers>();
        services.AddScoped<BudgetImport>();
        services.AddScoped<RecommendationHandlers>();
        services.AddScoped<MonthHandlers>();
        return services;
    }

    /// <summary>Maps under the module's /api/budget group (which already requires budget.read).</summary>
    public static RouteGroupBuilder MapBudgetSetup(this RouteGroupBuilder api)
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

        api.MapGet("/budgets", (int? unitId, int? year, int? month, int? page, int? pageSize, SigapDb db, ClaimsPrincipal user, BudgetHandlers h, CancellationToken ct) =>
                h.ListAsync(db, user, unitId, year, month, page, pageSize, ct).ToHttpAsync())
            .WithName("BudgetList").WithSummary("The clusters under a unit with their budget of the month (null when not set), paged");
        api.MapPut("/budgets/{clusterId:int}/{year:int}/{month:int}", (int clusterId, int year, int month, SetBudgetRequest req, SigapDb db, ClaimsPrincipal user,
                BudgetHandlers h, CancellationToken ct) => h.SetAsync(db, user, clusterId, year, month, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetSet").WithSummary("Set a cluster's budget of a month (audited with the old and new amount; closed month → 409)");
        api.MapPost("/budgets/import", async Task<Results<Ok<ImportResult>, FailureHttpResult>> (IFormFile? file, SigapDb db, ClaimsPrincipal user,
                BudgetImport import, CancellationToken ct) =>
            {
                if (file is null) return Failure.Field("file", "validation.required").ToHttp();
                await using var stream = file.OpenReadStream();
                return await import.ImportAsync(db, user, stream, ct).ToHttpAsync();
            })
            .RequireAuthorization(BudgetModule.Manage)
            .DisableAntiforgery()
            .WithName("BudgetImport")
            .WithSummary("Budgets from an .xlsx or .csv (≤ 5 MB; columns kode_cluster|cluster_code, tahun|year, bulan|month, anggaran|amount). "
                + "All or nothing: any bad row → 400 with rows: [{ row, field, message }] and nothing saved")
            .Accepts<IFormFile>("multipart/form-data");
        api.MapGet("/budgets/import/template.xlsx", async Task<Results<FileContentHttpResult, FailureHttpResult>> (int? year, int? month, SigapDb db,
                ClaimsPrincipal user, BudgetImport import, TimeProvider clock, CancellationToken ct) =>
            {
                var today = Wib(clock);
                var y = year ?? today.Year;
                var m = month ?? today.Month;
                var check = new Check();
                check.Range("year", y, 2000, 2100).Range("month", m, 1, 12);
                if (check.Failed) return Failure.Invalid(check).ToHttp();
                var bytes = await import.TemplateAsync(db, user, y, m, ct);
                return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"template-anggaran-{y}-{m:00}.xlsx");
            })
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetImportTemplate").WithSummary("An .xlsx template: the header row and the caller's clusters for the month (default: this month, WIB)")
            // A file's content type is not in the return type: said here.
            .Produces(200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        api.MapGet("/recommendations/{clusterId:int}/{year:int}/{month:int}", (int clusterId, int year, int month, SigapDb db, ClaimsPrincipal user,
                RecommendationHandlers h, CancellationToken ct) => h.GetAsync(db, user, clusterId, year, month, ct).ToHttpAsync())
            .WithName("BudgetRecommendation").WithSummary("A cluster's budget of the month and its recommendation per category");
        api.MapPut("/recommendations/{clusterId:int}/{year:int}/{month:int}", (int clusterId, int year, int month, SetRecommendationRequest req, SigapDb db,
                ClaimsPrincipal user, RecommendationHandlers h, CancellationToken ct) => h.SetAsync(db, user, clusterId, year, month, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Recommend)
            .WithName("BudgetRecommendationSet")
            .WithSummary("Set the recommendation of the given categories (sum above the budget or no budget → 422; closed month → 409)");
        api.MapGet("/recommendations/{clusterId:int}/{year:int}/{month:int}/suggestion", (int clusterId, int year, int month, SigapDb db, ClaimsPrincipal user,
                RecommendationHandlers h, CancellationToken ct) => h.SuggestAsync(db, user, clusterId, year, month, ct).ToHttpAsync())
            .WithName("BudgetRecommendationSuggestion")
            .WithSummary("A suggested split of the month's budget: shares of approved usage over up to 6 previous months (weights 6..1, most recent first), "
                + "else the last recommendation scaled, else an even split; rounded down to Rp 1.000, the remainder on the largest share");

        api.MapGet("/months/{areaId:int}/{year:int}", (int areaId, int year, SigapDb db, ClaimsPrincipal user, MonthHandlers h, CancellationToken ct) =>
                h.YearAsync(db, user, areaId, year, ct).ToHttpAsync())
            .WithName("BudgetMonths").WithSummary("Open/closed status of the 12 months of a year for an Area");
        api.MapPost("/months/{areaId:int}/{year:int}/{month:int}/close", (int areaId, int year, int month, SigapDb db, ClaimsPrincipal user, MonthHandlers h,
                CancellationToken ct) => h.CloseAsync(db, user, areaId, year, month, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetMonthClose").WithSummary("Close a month of the Area: no more reports, budgets or recommendations (audited)");
        api.MapPost("/months/{areaId:int}/{year:int}/{month:int}/reopen", (int areaId, int year, int month, SigapDb db, ClaimsPrincipal user, MonthHandlers h,
                CancellationToken ct) => h.ReopenAsync(db, user, areaId, year, month, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetMonthReopen").WithSummary("Reopen a closed month of the Area (audited)");
        return api;
    }

    /// <summary>Today in Asia/Jakarta (WIB, UTC+7, no daylight saving).</summary>
    public static DateOnly Wib(TimeProvider clock) => JakartaTime.Today(clock);
}
