using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Audit;

/// <summary>Filters of the audit log. <see cref="Action"/> is a prefix ("org.unit." finds every org unit change).</summary>
public sealed record AuditFilter(string? Action = null, Guid? UserId = null, string? EntityType = null, string? EntityId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int? Page = null, int? PageSize = null);

public sealed record AuditItem(long Id, DateTimeOffset At, Guid? UserId, string? UserEmail, string Action, string? EntityType, string? EntityId,
    int? OrgUnitId, string? Data, string? IpAddress);

/// <summary>Reading the audit log, newest first. Modules reuse <see cref="Apply"/> for a record's history ("who changed this budget").</summary>
public static class AuditQuery
{
    /// <summary>The filter as SQL conditions (From inclusive, To exclusive).</summary>
    public static IQueryable<AuditEntry> Apply(this IQueryable<AuditEntry> query, AuditFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var prefix = filter.Action.Trim();
            query = query.Where(a => a.Action.StartsWith(prefix));
        }
        if (filter.UserId is { } userId) query = query.Where(a => a.UserId == userId);
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) query = query.Where(a => a.EntityType == filter.EntityType);
        if (!string.IsNullOrWhiteSpace(filter.EntityId)) query = query.Where(a => a.EntityId == filter.EntityId);
        // Instants are stored in UTC (SQLite keeps them as sortable integers of the UTC value): compare in UTC.
        if (filter.From is { } from)
        {
            var f = from.ToUniversalTime();
            query = query.Where(a => a.At >= f);
        }
        if (filter.To is { } to)
        {
            var t = to.ToUniversalTime();
            query = query.Where(a => a.At < t);
        }
        return query;
    }

    /// <summary>The history of one record, newest first.</summary>
    public static IQueryable<AuditEntry> ForEntity(SigapDb db, string entityType, string entityId) =>
        db.AuditLog.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == entityId).OrderByDescending(a => a.At).ThenByDescending(a => a.Id);

    public static async Task<Outcome<Paged<AuditItem>>> ListAsync(SigapDb db, AuditFilter filter, CancellationToken ct)
    {
        var check = new Check();
        var paging = Paging.From(filter.Page, filter.PageSize, check);
        check.MaxLength("action", filter.Action, 100).MaxLength("entityType", filter.EntityType, 100).MaxLength("entityId", filter.EntityId, 100);
        if (filter.From is { } from && filter.To is { } to && from >= to) check.Add("to", "audit.rangeOrder");
        if (check.Failed) return Failure.Invalid(check);

        var query = db.AuditLog.AsNoTracking().Apply(filter);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(a => new AuditItem(a.Id, a.At, a.UserId, db.Users.Where(u => u.Id == a.UserId).Select(u => u.Email).FirstOrDefault(),
                a.Action, a.EntityType, a.EntityId, a.OrgUnitId, a.Data, a.IpAddress))
            .ToListAsync(ct);
        return new Paged<AuditItem>(items, paging.Page, paging.PageSize, total);
    }
}
