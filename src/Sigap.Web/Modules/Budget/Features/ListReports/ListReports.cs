using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.ListReports;

internal sealed record ReportFilter(int? UnitId = null, int? Year = null, int? Month = null, string? Status = null, int? CategoryId = null,
    int? Page = null, int? PageSize = null);

/// <summary>Reports of the clusters under a unit, newest first, paged.</summary>
internal sealed class ListReportsHandler(ScopeService scopes, ReportReader reader)
{
    public async Task<Outcome<Paged<ReportItem>>> ListAsync(SigapDb db, ClaimsPrincipal user, ReportFilter filter, CancellationToken ct)
    {
        var check = new Check();
        var paging = Paging.From(filter.Page, filter.PageSize, check);
        check.Period(filter.Year, filter.Month);
        ReportStatus? status = null;
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            if (Enum.TryParse<ReportStatus>(filter.Status, true, out var s) && Enum.IsDefined(s)) status = s;
            else check.Add("status", "budget.reports.status");
        }
        if (check.Failed) return Failure.Invalid(check);

        var scope = await scopes.ForAsync(user, ct);
        var clusters = db.OrgUnits.AsNoTracking().UnderAny(scope.Prefixes(BudgetModule.ReadRoles));
        if (filter.UnitId is { } unitId)
        {
            var unit = await BudgetUnits.VisibleAsync(db, scope, unitId, BudgetModule.ReadRoles, ct);
            if (unit is null) return Failure.NotFound;
            clusters = clusters.Where(ScopeQueries.Under(unit.Path));
        }
        var query = db.Set<UsageReport>().AsNoTracking().Where(r => clusters.Any(c => c.Id == r.ClusterId));
        if (filter.Year is { } year) query = query.Where(r => r.Year == year);
        if (filter.Month is { } month) query = query.Where(r => r.Month == month);
        if (status is { } st) query = query.Where(r => r.Status == st);
        if (filter.CategoryId is { } cat) query = query.Where(r => r.CategoryId == cat);

        var total = await query.CountAsync(ct);
        // Ids grow with time: newest first without ordering on a timestamp column.
        var items = await reader.ItemsAsync(db, query.OrderByDescending(r => r.Id).Skip(paging.Skip).Take(paging.PageSize), ct);
        return new Paged<ReportItem>(items, paging.Page, paging.PageSize, total);
    }
}

internal static class ListReportsEndpoint
{
    public static RouteGroupBuilder MapListReports(this RouteGroupBuilder api)
    {
        api.MapGet("/reports", (int? unitId, int? year, int? month, string? status, int? categoryId, int? page, int? pageSize,
                SigapDb db, ClaimsPrincipal user, ListReportsHandler h, CancellationToken ct) =>
                h.ListAsync(db, user, new ReportFilter(unitId, year, month, status, categoryId, page, pageSize), ct).ToHttpAsync())
            .WithName("ListUsageReports").WithSummary("Reports of the clusters under a unit (default: the caller's whole scope), newest first, paged.");
        return api;
    }
}
