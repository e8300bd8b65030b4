using Sigap.Web.Platform.Errors;
using System.Security.Claims;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Dashboard;

internal static class DashboardApi
{
    public static IServiceCollection AddBudgetDashboard(this IServiceCollection services)
    {
        Texts.Add(DashboardTexts.All);
        services.AddSingleton<BudgetDashboard>();
        return services;
    }

    /// <summary>Maps under the /api/budget group, which already requires <see cref="BudgetModule.Read"/>.</summary>
    public static RouteGroupBuilder MapBudgetDashboard(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", async (int? unitId, int? year, int? month, SigapDb db, ClaimsPrincipal user, ScopeService scopes,
                BudgetDashboard dashboard, CancellationToken ct) =>
                await dashboard.GetAsync(db, await scopes.ForAsync(user, ct), unitId, year, month, ct).ToHttpAsync())
            .WithName("GetBudgetDashboard")
            .WithSummary("Budget, recommended, approved and pending totals of a unit for a month (or a year when month is left out), per child unit, per category, by month of the year and by day of the month. unitId defaults to the caller's own top unit; a unit out of scope answers 404.");
        return api;
    }
}
