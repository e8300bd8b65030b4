using Sigap.Web.Modules.Budget.Features.Categories;
using Sigap.Web.Modules.Budget.Features.Months;
using Sigap.Web.Modules.Budget.Features.Recommendations;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Modules.Budget.Features.Budgets;

/// <summary>The budget setup: categories and Area settings, budgets (single and import), recommendations, month closing; each feature maps its own endpoints.</summary>
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

    /// <summary>Under the module's /api/budget group (which already requires budget.read).</summary>
    public static RouteGroupBuilder MapBudgetSetup(this RouteGroupBuilder api)
    {
        api.MapCategories();
        api.MapBudgets();
        api.MapRecommendations();
        api.MapMonths();
        return api;
    }
}
