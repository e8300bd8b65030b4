using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Categories;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Recommendations;

internal sealed record RecommendationItemRequest(int? CategoryId, long? Amount);
internal sealed record SetRecommendationRequest(List<RecommendationItemRequest>? Items);
internal sealed record RecommendationLine(int CategoryId, string Code, string Name, bool IsActive, long? Amount);
internal sealed record RecommendationView(int ClusterId, string ClusterCode, string ClusterName, int AreaId, int Year, int Month,
    long? Budget, bool Closed, long Total, List<RecommendationLine> Items);
internal sealed record PeriodRef(int Year, int Month);
internal sealed record SuggestionLine(int CategoryId, string Code, string Name, decimal Share, long Amount);
/// <param name="Method">history | lastRecommendation | evenSplit</param>
internal sealed record SuggestionView(int ClusterId, int Year, int Month, long Budget, string Method, List<PeriodRef> Months, long Total, List<SuggestionLine> Items);

/// <summary>
/// The Region's split of a cluster's monthly budget over the Area's active categories, and the suggested split from
/// history (<see cref="SuggestionMath"/>). RegionAdmin sets it for the clusters of their region; everyone in scope reads it.
/// </summary>
internal sealed class RecommendationHandlers(ScopeService scopes, AuditLog audit, TimeProvider clock)
{
    /// <summary>How far back the suggestion looks for months with usage or a recommendation.</summary>
    public const int LookBackMonths = 24;
    /// <summary>At most this many lines per request: more than an Area has categories, far fewer than would make checking them costly.</summary>
    public const int MaxItems = 200;


    public async Task<Outcome<RecommendationView>> GetAsync(SigapDb db, ClaimsPrincipal user, int clusterId, int year, int month, CancellationToken ct)
    {
        if (PeriodCheck(year, month) is { } invalid) return invalid;
        var scope = await scopes.ForAsync(user, ct);
        var cluster = await BudgetUnits.VisibleClusterAsync(db, scope, clusterId, BudgetModule.ReadRoles, ct);
        if (cluster is null) return Failure.NotFound;
        return await ViewAsync(db, cluster, year, month, ct);
    }

    public async Task<Outcome<RecommendationView>> SetAsync(SigapDb db, ClaimsPrincipal user, int clusterId, int year, int month, SetRecommendationRequest req, CancellationToken ct)
    {
        if (PeriodCheck(year, month) is { } invalid) return invalid;
        // Scope first: a caller outside it learns nothing and costs nothing, whatever the request holds.
        var scope = await scopes.ForAsync(user, ct);
        var cluster = await BudgetUnits.VisibleClusterAsync(db, scope, clusterId, BudgetModule.RecommendRoles, ct);
        if (cluster is null) return Failure.NotFound;

        var check = new Check();
        if (req.Items is null) check.Add("items", "validation.required");
        var items = req.Items ?? [];
        if (items.Count > MaxItems) return Failure.Field("items", "validation.maxItems", MaxItems);
        var seen = new HashSet<int>();
        for (var i = 0; i < items.Count; i++)
        {
            check.Required($"items[{i}].categoryId", items[i]?.CategoryId).Required($"items[{i}].amount", items[i]?.Amount);
            if (items[i]?.Amount is { } a) check.Range($"items[{i}].amount", a, 0, SetupAccess.MaxAmount);
            if (items[i]?.CategoryId is { } c && !seen.Add(c)) check.Add($"items[{i}].categoryId", "budget.rec.duplicateCategory");
        }
        if (check.Failed) return Failure.Invalid(check);

        var areaId = await BudgetUnits.AreaIdAsync(db, cluster, ct) ?? 0;
        var active = (await db.Set<SpendingCategory>().AsNoTracking().Where(c => c.AreaId == areaId && c.IsActive).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        for (var i = 0; i < items.Count; i++)
            if (!active.Contains(items[i].CategoryId!.Value)) check.Add($"items[{i}].categoryId", "budget.rec.categoryInvalid");
        if (check.Failed) return Failure.Invalid(check);

        if (await BudgetUnits.IsClosedAsync(db, areaId, year, month, ct)) return Failure.Conflict("budget.month.closed", SetupAccess.Period(year, month));
        var budget = await db.Set<MonthlyBudget>().AsNoTracking().Where(b => b.ClusterId == clusterId && b.Year == year && b.Month == month)
            .Select(b => (long?)b.Amount).FirstOrDefaultAsync(ct);
        if (budget is null) return Failure.Rule("budget.rec.noBudget", cluster.Code, SetupAccess.Period(year, month));

        var current = await db.Set<Recommendation>().Where(r => r.ClusterId == clusterId && r.Year == year && r.Month == month).ToListAsync(ct);
        var byCategory = items.ToDictionary(x => x.CategoryId!.Value, x => x.Amount!.Value);
        // Categories not in the request keep their amount and still count towards the budget.
        var total = byCategory.Values.Sum() + current.Where(r => !byCategory.ContainsKey(r.CategoryId)).Sum(r => r.Amount);
        if (total > budget) return Failure.Rule("budget.rec.overBudget", Money.Rupiah(total), Money.Rupiah(budget.Value), Money.Rupiah(total - budget.Value));

        var now = clock.GetUtcNow();
        var userId = user.UserId();
        var old = current.Where(r => byCategory.ContainsKey(r.CategoryId)).ToDictionary(r => r.CategoryId.ToString(), r => r.Amount);
        foreach (var (categoryId, amount) in byCategory)
        {
            var row = current.FirstOrDefault(r => r.CategoryId == categoryId);
            if (row is null) db.Add(row = new Recommendation { ClusterId = clusterId, Year = year, Month = month, CategoryId = categoryId });
            row.Amount = amount;
            row.UpdatedAt = now;
            row.UpdatedBy = userId;
        }
        audit.Record(db, "budget.recommendation.set", userId, "Recommendation", $"{clusterId}/{year}/{month}", clusterId,
            new { cluster = cluster.Code, year, month, old, @new = byCategory.ToDictionary(x => x.Key.ToString(), x => x.Value), total, budget });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Failure.Conflict("error.conflict");
        }
        return await ViewAsync(db, cluster, year, month, ct);
    }

    public async Task<Outcome<SuggestionView>> SuggestAsync(SigapDb db, ClaimsPrincipal user, int clusterId, int year, int month, CancellationToken ct)
    {
        if (PeriodCheck(year, month) is { } invalid) return invalid;
        var scope = await scopes.ForAsync(user, ct);
        var cluster = await BudgetUnits.VisibleClusterAsync(db, scope, clusterId, BudgetModule.ReadRoles, ct);
        if (cluster is null) return Failure.NotFound;
        var budget = await db.Set<MonthlyBudget>().AsNoTracking().Where(b => b.ClusterId == clusterId && b.Year == year && b.Month == month)
            .Select(b => (long?)b.Amount).FirstOrDefaultAsync(ct);
        if (budget is null) return Failure.Rule("budget.rec.noBudget", cluster.Code, SetupAccess.Period(year, month));

        var areaId = await BudgetUnits.AreaIdAsync(db, cluster, ct) ?? 0;
        var categories = await db.Set<SpendingCategory>().AsNoTracking().Where(c => c.AreaId == areaId && c.IsActive)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        var ids = categories.Select(c => c.Id).ToList();

        // The window of previous months as one key range: (year * 12 + month - 1).
        var key = year * 12 + month - 1;
        var from = key - LookBackMonths;
        var usage = await db.Set<UsageMonthlyTotal>().AsNoTracking()
            .Where(t => t.ClusterId == clusterId && t.ApprovedAmount > 0 && t.Year * 12 + t.Month - 1 >= from && t.Year * 12 + t.Month - 1 < key)
            .Select(t => new { t.Year, t.Month, t.CategoryId, t.ApprovedAmount }).ToListAsync(ct);
        var history = usage.GroupBy(t => (t.Year, t.Month)).OrderByDescending(g => g.Key.Year).ThenByDescending(g => g.Key.Month)
            .Select(g => new MonthAmounts(g.Key.Year, g.Key.Month, g.GroupBy(x => x.CategoryId).ToDictionary(x => x.Key, x => x.Sum(y => y.ApprovedAmount))));

        SuggestionMethod method;
        IReadOnlyDictionary<int, decimal> shares;
        List<PeriodRef> months;
        if (SuggestionMath.HistoryShares(ids, history) is { } fromHistory)
        {
            method = SuggestionMethod.History;
            shares = fromHistory.Shares;
            months = fromHistory.Used.Select(m => new PeriodRef(m.Year, m.Month)).ToList();
        }
        else
        {
            var recs = await db.Set<Recommendation>().AsNoTracking()
                .Where(r => r.ClusterId == clusterId && r.Amount > 0 && ids.Contains(r.CategoryId) && r.Year * 12 + r.Month - 1 >= from && r.Year * 12 + r.Month - 1 < key)
                .Select(r => new { r.Year, r.Month, r.CategoryId, r.Amount }).ToListAsync(ct);
            var last = recs.GroupBy(r => (r.Year, r.Month)).OrderByDescending(g => g.Key.Year).ThenByDescending(g => g.Key.Month).FirstOrDefault();
            if (last is not null && SuggestionMath.SharesOf(ids, new MonthAmounts(last.Key.Year, last.Key.Month, last.ToDictionary(r => r.CategoryId, r => r.Amount))) is { } fromLast)
            {
                method = SuggestionMethod.LastRecommendation;
                shares = fromLast;
                months = [new PeriodRef(last.Key.Year, last.Key.Month)];
            }
            else
            {
                method = SuggestionMethod.EvenSplit;
                shares = SuggestionMath.EvenShares(ids);
                months = [];
            }
        }
        var lines = SuggestionMath.Apply(budget.Value, ids, shares);
        var byId = categories.ToDictionary(c => c.Id);
        var items = lines.Select(l => new SuggestionLine(l.CategoryId, byId[l.CategoryId].Code, byId[l.CategoryId].Name, decimal.Round(l.Share, 4), l.Amount)).ToList();
        var name = method switch { SuggestionMethod.History => "history", SuggestionMethod.LastRecommendation => "lastRecommendation", _ => "evenSplit" };
        return new SuggestionView(clusterId, year, month, budget.Value, name, months, items.Sum(i => i.Amount), items);
    }

    private static async Task<RecommendationView> ViewAsync(SigapDb db, OrgUnit cluster, int year, int month, CancellationToken ct)
    {
        var areaId = await BudgetUnits.AreaIdAsync(db, cluster, ct) ?? 0;
        var budget = await db.Set<MonthlyBudget>().AsNoTracking().Where(b => b.ClusterId == cluster.Id && b.Year == year && b.Month == month)
            .Select(b => (long?)b.Amount).FirstOrDefaultAsync(ct);
        var amounts = await db.Set<Recommendation>().AsNoTracking().Where(r => r.ClusterId == cluster.Id && r.Year == year && r.Month == month)
            .ToDictionaryAsync(r => r.CategoryId, r => r.Amount, ct);
        var categories = await db.Set<SpendingCategory>().AsNoTracking().Where(c => c.AreaId == areaId).OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        // Inactive categories show only where this month still holds an amount for them.
        var lines = categories.Where(c => c.IsActive || amounts.ContainsKey(c.Id))
            .Select(c => new RecommendationLine(c.Id, c.Code, c.Name, c.IsActive, amounts.TryGetValue(c.Id, out var a) ? a : null)).ToList();
        var closed = await BudgetUnits.IsClosedAsync(db, areaId, year, month, ct);
        return new RecommendationView(cluster.Id, cluster.Code, cluster.Name, areaId, year, month, budget, closed, amounts.Values.Sum(), lines);
    }

    private static Failure? PeriodCheck(int year, int month)
    {
        var check = new Check();
        check.Period(year, month);
        return check.Failed ? Failure.Invalid(check) : null;
    }
}
