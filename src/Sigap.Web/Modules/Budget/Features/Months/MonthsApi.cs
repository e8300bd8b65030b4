using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Months;

internal static class MonthsApi
{
    /// <summary>Closing and reopening an Area's months. Under the module's /api/budget group (which already requires budget.read).</summary>
    public static RouteGroupBuilder MapMonths(this RouteGroupBuilder api)
    {
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
}
