using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.ShowClusterMonth;

/// <summary>One category card of the cluster page: recommended vs used (approved + pending) and the counts per status.</summary>
internal sealed record CategoryUsage(int CategoryId, string Code, string Name, long Recommended, long Approved, long Pending,
    int PendingCount, int ApprovedCount, int RejectedCount);

internal sealed record ClusterMonth(int ClusterId, string ClusterName, int Year, int Month, long Budget, bool Closed, IReadOnlyList<CategoryUsage> Categories);

/// <summary>The cluster page: the clusters one may open, and a cluster's month as category cards.</summary>
internal sealed class ShowClusterMonthHandler(ScopeService scopes)
{
    /// <summary>The clusters the caller may open on the cluster page (any budget role), in tree order.</summary>
    public async Task<List<OrgUnit>> ClustersAsync(SigapDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        return await db.OrgUnits.AsNoTracking().UnderAny(scope.Prefixes(BudgetModule.ReadRoles))
            .Where(u => u.Kind == OrgUnitKind.Cluster).OrderBy(u => u.Path).ToListAsync(ct);
    }

    /// <summary>The category cards of a cluster's month: recommended vs used and the counts per status.</summary>
    public async Task<Outcome<ClusterMonth>> ClusterMonthAsync(SigapDb db, ClaimsPrincipal user, int clusterId, int year, int month, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var cluster = await BudgetUnits.VisibleClusterAsync(db, scope, clusterId, BudgetModule.ReadRoles, ct);
        if (cluster is null) return Failure.NotFound;
        var areaId = await BudgetUnits.AreaIdAsync(db, cluster, ct);
        var categories = await db.Set<SpendingCategory>().AsNoTracking().Where(c => c.AreaId == areaId && c.IsActive)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(ct);
        var recs = await db.Set<Recommendation>().AsNoTracking().Where(r => r.ClusterId == clusterId && r.Year == year && r.Month == month)
            .ToDictionaryAsync(r => r.CategoryId, r => r.Amount, ct);
        var totals = await db.Set<UsageMonthlyTotal>().AsNoTracking().Where(t => t.ClusterId == clusterId && t.Year == year && t.Month == month)
            .ToDictionaryAsync(t => t.CategoryId, ct);
        var rejected = await db.Set<UsageReport>().AsNoTracking()
            .Where(r => r.ClusterId == clusterId && r.Year == year && r.Month == month && r.Status == ReportStatus.Rejected)
            .GroupBy(r => r.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var budget = await db.Set<MonthlyBudget>().AsNoTracking().Where(b => b.ClusterId == clusterId && b.Year == year && b.Month == month)
            .Select(b => b.Amount).FirstOrDefaultAsync(ct);
        var closed = await BudgetUnits.IsClosedForAsync(db, cluster, year, month, ct);
        var cards = categories.Select(c =>
        {
            var t = totals.GetValueOrDefault(c.Id);
            return new CategoryUsage(c.Id, c.Code, c.Name, recs.GetValueOrDefault(c.Id), t?.ApprovedAmount ?? 0, t?.PendingAmount ?? 0,
                t?.PendingCount ?? 0, t?.ApprovedCount ?? 0, rejected.GetValueOrDefault(c.Id));
        }).ToList();
        return new ClusterMonth(cluster.Id, cluster.Name, year, month, budget, closed, cards);
    }
}
