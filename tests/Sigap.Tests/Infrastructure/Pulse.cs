namespace Sigap.Tests.Infrastructure;

/// <summary>
/// Something that happens again and again (a save, a mail received). A test waits for a condition by checking it
/// after each occurrence, never by sleeping on the wall clock.
/// </summary>
public sealed class Pulse
{
    /// <summary>Guards against a hang only; nothing is asserted about how long the work takes.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    private TaskCompletionSource _next = NewSource();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Fire() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>Evaluates <paramref name="check"/> now and after every later pulse until it returns a value.</summary>
    public async Task<T> UntilAsync<T>(Func<Task<T?>> check, Func<string> what) where T : class
    {
        var ct = TestContext.Current.CancellationToken;
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        giveUp.CancelAfter(GiveUp);
        while (true)
        {
            var next = Volatile.Read(ref _next).Task; // taken before the check, so a pulse in between is not missed
            if (await check() is { } done) return done;
            try { await next.WaitAsync(giveUp.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Still waiting after {GiveUp.TotalSeconds} s: {what()}");
            }
        }
    }

    public Task<T> UntilAsync<T>(Func<T?> check, Func<string> what) where T : class => UntilAsync(() => Task.FromResult(check()), what);
}
