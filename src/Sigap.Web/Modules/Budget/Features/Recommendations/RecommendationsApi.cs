using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Recommendations;

internal static class RecommendationsApi
{
    /// <summary>A cluster's recommendation per category, and the suggested split. Under the module's /api/budget group (which already requires budget.read).</summary>
    public static RouteGroupBuilder MapRecommendations(this RouteGroupBuilder api)
    {
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
        return api;
    }
}
