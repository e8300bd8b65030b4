using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Categories;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Months;

internal sealed record MonthStatus(int Month, bool Closed, DateTimeOffset? ClosedAt, string? ClosedBy);
internal sealed record YearStatus(int AreaId, string AreaName, int Year, List<MonthStatus> Months);

/// <summary>
/// Closing a month of an Area freezes it: no new reports, budgets or recommendations for its clusters
/// (<see cref="BudgetUnits.IsClosedAsync"/> is asked by every change). AreaAdmin closes and may reopen, both audited.
/// </summary>
internal sealed class MonthHandlers(ScopeService scopes, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<YearStatus>> YearAsync(SigapDb db, ClaimsPrincipal user, int areaId, int year, CancellationToken ct)
    {
        var check = new Check();
        check.Period(year, null);
        if (check.Failed) return Failure.Invalid(check);
        var scope = await scopes.ForAsync(user, ct);
        var area = await SetupAccess.ReadableAreaAsync(db, scope, areaId, BudgetModule.ReadRoles, ct);
        if (area is null) return Failure.NotFound;
        var closed = await db.Set<ClosedMonth>().AsNoTracking().Where(c => c.AreaId == areaId && c.Year == year).ToListAsync(ct);
        var userIds = closed.Select(c => c.ClosedBy).Distinct().ToArray();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.FirstName, u.LastName, u.Email }).ToListAsync(ct);
        var byId = names.ToDictionary(u => u.Id, u => $"{u.FirstName} {u.LastName}".Trim() is { Length: > 0 } n ? n : u.Email);
        var months = Enumerable.Range(1, 12).Select(m => closed.FirstOrDefault(c => c.Month == m) is { } c
            ? new MonthStatus(m, true, c.ClosedAt, byId.GetValueOrDefault(c.ClosedBy))
            : new MonthStatus(m, false, null, null)).ToList();
        return new YearStatus(area.Id, area.Name, year, months);
    }

    public async Task<Outcome<MonthStatus>> CloseAsync(SigapDb db, ClaimsPrincipal user, int areaId, int year, int month, CancellationToken ct)
    {
        if (PeriodCheck(year, month) is { } invalid) return invalid;
        var scope = await scopes.ForAsync(user, ct);
        if (await SetupAccess.ManagedAreaAsync(db, scope, areaId, BudgetModule.ManageRoles, ct) is null) return Failure.NotFound;
        if (await BudgetUnits.IsClosedAsync(db, areaId, year, month, ct)) return Failure.Conflict("budget.month.alreadyClosed", SetupAccess.Period(year, month));
        var row = new ClosedMonth { AreaId = areaId, Year = year, Month = month, ClosedAt = clock.GetUtcNow(), ClosedBy = user.UserId() };
        db.Add(row);
        audit.Record(db, "budget.month.closed", user.UserId(), "ClosedMonth", $"{areaId}/{year}/{month}", areaId,
            new { year, month, old = new { Closed = false }, @new = new { Closed = true } });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Failure.Conflict("budget.month.alreadyClosed", SetupAccess.Period(year, month));
        }
        return new MonthStatus(month, true, row.ClosedAt, null);
    }

    public async Task<Outcome<MonthStatus>> ReopenAsync(SigapDb db, ClaimsPrincipal user, int areaId, int year, int month, CancellationToken ct)
    {
        if (PeriodCheck(year, month) is { } invalid) return invalid;
        var scope = await scopes.ForAsync(user, ct);
        if (await SetupAccess.ManagedAreaAsync(db, scope, areaId, BudgetModule.ManageRoles, ct) is null) return Failure.NotFound;
        var row = await db.Set<ClosedMonth>().FirstOrDefaultAsync(c => c.AreaId == areaId && c.Year == year && c.Month == month, ct);
        if (row is null) return Failure.Conflict("budget.month.notClosed", SetupAccess.Period(year, month));
        db.Remove(row);
        audit.Record(db, "budget.month.reopened", user.UserId(), "ClosedMonth", $"{areaId}/{year}/{month}", areaId,
            new { year, month, old = new { Closed = true, row.ClosedAt, row.ClosedBy }, @new = new { Closed = false } });
        await db.SaveChangesAsync(ct);
        return new MonthStatus(month, false, null, null);
    }

    private static Failure? PeriodCheck(int year, int month)
    {
        var check = new Check();
        check.Period(year, month);
        return check.Failed ? Failure.Invalid(check) : null;
    }
}
