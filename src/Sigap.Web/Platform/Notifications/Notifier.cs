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

/// <summary>
/// Publishes notifications to the <see cref="NotificationHub"/> only once they are durable: right after SaveChanges
/// when no transaction is open, or when the caller's transaction commits. A failed save or a rollback publishes nothing.
/// </summary>
internal sealed class NotificationInterceptor(NotificationHub hub) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public Guid? TransactionId;
        public readonly List<Notification> Saving = [];
        public readonly List<Notification> AwaitingCommit = [];
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        var added = context.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var transactionId = context.Database.CurrentTransaction?.TransactionId;
        if (!_pending.TryGetValue(context, out var pending))
        {
            if (added.Count == 0) return;
            pending = _pending.GetValue(context, _ => new Pending());
        }
        // Left over from a transaction that ended without a commit (disposed or rolled back): never published.
        if (pending.TransactionId != transactionId) pending.AwaitingCommit.Clear();
        pending.TransactionId = transactionId;
        pending.Saving.Clear();
        pending.Saving.AddRange(added);
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return;
        pending.AwaitingCommit.AddRange(pending.Saving);
        pending.Saving.Clear();
        if (context.Database.CurrentTransaction is null) Flush(pending);
    }

    private void Failed(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending)) pending.Saving.Clear();
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Committed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Discard(eventData);
        return Task.CompletedTask;
    }

    private void Committed(TransactionEndEventData e)
    {
        // SaveChanges' own transaction commits before SavedChanges runs; only the caller's transaction matters here.
        if (e.Context is not null && _pending.TryGetValue(e.Context, out var pending) && pending.TransactionId == e.TransactionId)
            Flush(pending);
    }

    private void Discard(TransactionEndEventData e)
    {
        if (e.Context is not null && _pending.TryGetValue(e.Context, out var pending) && pending.TransactionId == e.TransactionId)
        {
            pending.AwaitingCommit.Clear();
            pending.TransactionId = null;
        }
    }

    private void Flush(Pending pending)
    {
        var ready = pending.AwaitingCommit.ToList();
        pending.AwaitingCommit.Clear();
        pending.TransactionId = null;
        foreach (var n in ready)
            hub.Publish(new NotificationEvent(n.UserId, NotificationChange.Added, NotificationItem.From(n)));
    }
}
