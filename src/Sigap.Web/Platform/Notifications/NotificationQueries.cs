using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Notifications;

public sealed record NotificationItem(Guid Id, string Title, string? Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public static NotificationItem From(Notification n) => new(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt);
}

public sealed record NotificationPage(IReadOnlyList<NotificationItem> Items, int Total, int Unread, int Page, int PageSize);

/// <summary>The reads and writes of the bell, used by the API and by the bell component in-process. Always for one user: the caller.</summary>
public static class NotificationQueries
{
    public static async Task<NotificationPage> ListAsync(SigapDb db, Guid userId, int page, int pageSize, bool unreadOnly, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var filtered = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var total = await filtered.CountAsync(ct);
        var unread = unreadOnly ? total : await mine.CountAsync(n => n.ReadAt == null, ct);
        var items = await filtered
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(n => new NotificationItem(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
        return new NotificationPage(items, total, unread, page, pageSize);
    }

    public static Task<int> UnreadCountAsync(SigapDb db, Guid userId, CancellationToken ct) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    /// <summary>False when the notification is not the user's (or does not exist).</summary>
    public static async Task<bool> MarkReadAsync(SigapDb db, NotificationHub hub, Guid userId, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        DateTimeOffset? readAt = now;
        var changed = await db.Notifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, readAt), ct);
        if (changed > 0)
        {
            hub.Publish(new NotificationEvent(userId, NotificationChange.Read, null));
            return true;
        }
        return await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == userId, ct);
    }

    public static async Task<int> MarkAllReadAsync(SigapDb db, NotificationHub hub, Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        DateTimeOffset? readAt = now;
        var changed = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, readAt), ct);
        if (changed > 0) hub.Publish(new NotificationEvent(userId, NotificationChange.Read, null));
        return changed;
    }
}
