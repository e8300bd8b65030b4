using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Notifications;

/// <summary>Adds notifications to the caller's DbContext: they are saved with the caller's change and pushed live after the commit.</summary>
public sealed class Notifier(TimeProvider clock)
{
    public Notification Notify(SigapDb db, Guid userId, string title, string? body = null, string? link = null)
    {
        // Links stay inside the app: a notification must never send a user to another site.
        if (link is not null && (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.StartsWith("/\\", StringComparison.Ordinal)))
            throw new ArgumentException($"A notification link must be a local path, not '{link}'.", nameof(link));
        var notification = new Notification
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Title = title.Length > 200 ? title[..200] : title,
            Body = body is { Length: > 2000 } ? body[..2000] : body,
            Link = link,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Notifications.Add(notification);
        return notification;
    }
}

public enum NotificationChange { Added, Read }

/// <summary>What an open page of <see cref="UserId"/> is told: a new notification, or that some were read (elsewhere).</summary>
public sealed record NotificationEvent(Guid UserId, NotificationChange Change, NotificationItem? Item);

/// <summary>
/// In-process, per-user publish/subscribe for open Blazor circuits. With several nodes each node pushes what it saved
/// itself; a user on another node sees the change on the next refresh of the bell (it re-reads the count when opened).
/// </summary>
public sealed class NotificationHub(ILogger<NotificationHub> log)
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Func<NotificationEvent, Task>>> _subscribers = new();

    public IDisposable Subscribe(Guid userId, Func<NotificationEvent, Task> handler)
    {
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(userId, _ => new())[id] = handler;
        return new Subscription(() =>
        {
            if (_subscribers.TryGetValue(userId, out var handlers)) handlers.TryRemove(id, out _);
        });
    }

    public void Publish(NotificationEvent e)
    {
        if (!_subscribers.TryGetValue(e.UserId, out var handlers)) return;
        foreach (var handler in handlers.Values)
            _ = Run(handler, e);
    }

    private async Task Run(Func<NotificationEvent, Task> handler, NotificationEvent e)
    {
        // A slow or broken page must not hold up the request that saved the notification.
        try { await handler(e); }
        catch (Exception ex) { log.LogWarning(ex, "A notification subscriber failed."); }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }
}

/// <summary>Pushes notifications to the <see cref="NotificationHub"/> once they are durable (never after a failed save or a rollback).</summary>
internal sealed class NotificationInterceptor(NotificationHub hub) : AfterCommitInterceptor<Notification>
{
    protected override void OnCommitted(IReadOnlyList<Notification> committed)
    {
        foreach (var n in committed)
            hub.Publish(new NotificationEvent(n.UserId, NotificationChange.Added, NotificationItem.From(n)));
    }
}
