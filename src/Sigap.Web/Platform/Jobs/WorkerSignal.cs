using System.Threading.Channels;

namespace Sigap.Web.Platform.Jobs;

/// <summary>
/// Wakes a background worker early when this node has just committed rows for it (outbox messages, queued jobs), so
/// the work starts without waiting for the next poll. Each worker has its own subclass, so each has its own signal.
/// </summary>
public abstract class WorkerSignal
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
