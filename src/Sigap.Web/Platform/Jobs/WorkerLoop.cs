namespace Sigap.Web.Platform.Jobs;

/// <summary>The loop every polling background worker runs (outbox dispatcher, job queue); schedules run on Quartz.</summary>
internal static class WorkerLoop
{
    /// <summary>
    /// Runs <paramref name="pass"/> again at once while it reports that more may be waiting (a full batch), then waits.
    /// A failed pass is logged and the next one tries again: the database may be briefly unreachable.
    /// </summary>
    public static async Task RunAsync(string name, Func<CancellationToken, Task<bool>> pass, Func<CancellationToken, Task> wait,
        ILogger log, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await pass(stoppingToken) && !stoppingToken.IsCancellationRequested) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                log.LogError(ex, "{Worker} pass failed.", name);
            }
            try { await wait(stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
