using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sigap.Web.Platform.Persistence;

/// <summary>
/// Calls <see cref="OnCommitted"/> with the <typeparamref name="TEntity"/> rows a context added, once they are durable:
/// right after SaveChanges when no transaction is open, or when the caller's transaction commits.
/// A failed save or a rollback calls nothing. Used to push notifications live and to wake the outbox dispatcher.
/// </summary>
public abstract class AfterCommitInterceptor<TEntity> : SaveChangesInterceptor, IDbTransactionInterceptor where TEntity : class
{
    private sealed class Pending
    {
        public Guid? TransactionId;
        public readonly List<TEntity> Saving = [];
        public readonly List<TEntity> AwaitingCommit = [];
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    protected abstract void OnCommitted(IReadOnlyList<TEntity> committed);

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

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        var added = context.ChangeTracker.Entries<TEntity>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var transactionId = context.Database.CurrentTransaction?.TransactionId;
        if (!_pending.TryGetValue(context, out var pending))
        {
            if (added.Count == 0) return;
            pending = _pending.GetValue(context, _ => new Pending());
        }
        // Left over from a transaction that ended without a commit (disposed or rolled back): never passed on.
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
        if (ready.Count > 0) OnCommitted(ready);
    }
}
