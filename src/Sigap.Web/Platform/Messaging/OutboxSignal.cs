using System.Threading.Channels;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Messaging;

/// <summary>Wakes the dispatcher early when this node has just committed outbox rows, so messages leave without waiting for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Pulse() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when pulsed or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        // The timeout runs on the app's clock (tests move it), not on the machine's.
        using var timer = new CancellationTokenSource(timeout, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try { await _channel.Reader.ReadAsync(either.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }
}

/// <summary>Pulses <see cref="OutboxSignal"/> once outbox rows are committed, so they leave without waiting for the next poll.</summary>
internal sealed class OutboxSaveInterceptor(OutboxSignal signal) : AfterCommitInterceptor<OutboxMessage>
{
    protected override void OnCommitted(IReadOnlyList<OutboxMessage> committed) => signal.Pulse();
}
