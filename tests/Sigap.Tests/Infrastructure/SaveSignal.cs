using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sigap.Tests.Infrastructure;

/// <summary>Pulses after each SaveChanges of the app, so a test can wait for background work (the outbox dispatcher recording a send).</summary>
public sealed class SaveSignal : SaveChangesInterceptor
{
    public Pulse Saved { get; } = new();

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Saved.Fire();
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved.Fire();
        return result;
    }
}
