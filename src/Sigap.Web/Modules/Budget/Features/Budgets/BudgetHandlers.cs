using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Categories;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Budgets;

internal sealed record SetBudgetRequest(long? Amount);
internal sealed record BudgetItem(int ClusterId, string ClusterCode, string ClusterName, int Year, int Month, long? Amount,
    DateTimeOffset? UpdatedAt, long Recommended, bool Closed);

/// <summary>A cluster's monthly budget, set one by one by AreaAdmin (bulk: <see cref="BudgetImport"/>).</summary>
internal sealed class BudgetHandlers(ScopeService scopes, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<BudgetItem>> SetAsync(SigapDb db, ClaimsPrincipal user, int clusterId, int year, int month, SetBudgetRequest req, CancellationToken ct)
    {
        var check = new Check();
        check.Period(year, month);
        check.Required("amount", req.Amount);
        if (req.Amount is { } a) check.Range("amount", a, 0, SetupAccess.MaxAmount);
        if (check.Failed) return Failure.Invalid(check);

        var scope = await scopes.ForAsync(user, ct);
        var cluster = await BudgetUnits.VisibleClusterAsync(db, scope, clusterId, BudgetModule.ManageRoles, ct);
        if (cluster is null) return Failure.NotFound;
        if (await BudgetUnits.IsClosedForAsync(db, cluster, year, month, ct)) return Failure.Conflict("budget.month.closed", SetupAccess.Period(year, month));

        var budget = await db.Set<MonthlyBudget>().FirstOrDefaultAsync(b => b.ClusterId == clusterId && b.Year == year && b.Month == month, ct);
        var old = budget?.Amount;
        if (budget is null) db.Add(budget = new MonthlyBudget { ClusterId = clusterId, Year = year, Month = month });
        budget.Amount = req.Amount!.Value;
        budget.UpdatedAt = clock.GetUtcNow();
        budget.UpdatedBy = user.UserId();
        Audit(audit, db, user.UserId(), cluster, year, month, old, budget.Amount, "api");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (old is null)
        {
            // Two first-time saves of the same month raced; the unique index kept one. Ask the user to look again.
            db.ChangeTracker.Clear();
            return Failure.Conflict("error.conflict");
        }
        var recommended = await db.Set<Recommendation>().Where(r => r.ClusterId == clusterId && r.Year == year && r.Month == month).SumAsync(r => (long?)r.Amount, ct) ?? 0;
        return new BudgetItem(cluster.Id, cluster.Code, cluster.Name, year, month, budget.Amount, budget.UpdatedAt, recommended, false);
    }

    /// <summary>The clusters under a unit with their budget of the month (null = not set), a page at a time, in code order.</summary>
    public async Task<Outcome<Paged<BudgetItem>>> ListAsync(SigapDb db, ClaimsPrincipal user, int? unitId, int? year, int? month, int? page, int? pageSize, CancellationToken ct)
    {
        var check = new Check();
        check.Required("unitId", unitId).Required("year", year).Required("month", month);
        check.Period(year, month);
        var paging = Paging.From(page, pageSize, check);
        if (check.Failed) return Failure.Invalid(check);

        var scope = await scopes.ForAsync(user, ct);
        var unit = await BudgetUnits.VisibleAsync(db, scope, unitId!.Value, BudgetModule.ReadRoles, ct);
        if (unit is null) return Failure.NotFound;

        var clusters = db.OrgUnits.AsNoTracking().Where(ScopeQueries.Under(unit.Path)).Where(u => u.Kind == OrgUnitKind.Cluster);
        var total = await clusters.CountAsync(ct);
        var rows = await clusters.OrderBy(u => u.Code).Skip(paging.Skip).Take(paging.PageSize)
            .Select(u => new { u.Id, u.Code, u.Name, u.Path }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToArray();
        var budgets = await db.Set<MonthlyBudget>().AsNoTracking().Where(b => ids.Contains(b.ClusterId) && b.Year == year && b.Month == month)
            .ToDictionaryAsync(b => b.ClusterId, ct);
        var recommended = await db.Set<Recommendation>().AsNoTracking().Where(r => ids.Contains(r.ClusterId) && r.Year == year && r.Month == month)
            .GroupBy(r => r.ClusterId).Select(g => new { g.Key, Sum = g.Sum(r => r.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum, ct);
        var closedAreas = (await db.Set<ClosedMonth>().AsNoTracking().Where(c => c.Year == year && c.Month == month).Select(c => c.AreaId).ToListAsync(ct)).ToHashSet();

        var items = rows.Select(r =>
        {
            var b = budgets.GetValueOrDefault(r.Id);
            return new BudgetItem(r.Id, r.Code, r.Name, year!.Value, month!.Value, b?.Amount, b?.UpdatedAt, recommended.GetValueOrDefault(r.Id),
                OrgScope.PathIds(r.Path).Any(closedAreas.Contains));
        }).ToList();
        return new Paged<BudgetItem>(items, paging.Page, paging.PageSize, total);
    }

    internal static void Audit(AuditLog audit, SigapDb db, Guid userId, OrgUnit cluster, int year, int month, long? old, long amount, string source) =>
        audit.Record(db, "budget.budget.set", userId, "MonthlyBudget", $"{cluster.Id}/{year}/{month}", cluster.Id,
            new { cluster = cluster.Code, year, month, source, old = new { Amount = old }, @new = new { Amount = amount } });
}
