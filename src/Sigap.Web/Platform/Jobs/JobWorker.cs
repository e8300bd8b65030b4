using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Jobs;

/// <summary>Wakes the job workers of this node when jobs were committed here.</summary>
public sealed class JobSignal : WorkerSignal;

/// <summary>Pulses <see cref="JobSignal"/> once queued jobs are committed.</summary>
internal sealed class JobSaveInterceptor(JobSignal signal) : AfterCommitInterceptor<QueuedJob>
{
    protected override void OnCommitted(IReadOnlyList<QueuedJob> committed) => signal.Pulse();
}

/// <summary>The jobs this node runs now, so a cancel on this node reaches the handler at once.</summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    internal void Add(Guid id, CancellationTokenSource cts) => _running[id] = cts;
    internal void Remove(Guid id) => _running.TryRemove(id, out _);

    internal void Cancel(Guid id)
    {
        if (!_running.TryGetValue(id, out var cts)) return;
        try { cts.Cancel(); } catch (ObjectDisposedException) { }
    }
}

/// <summary>
/// Runs queued jobs on every node. A job is claimed with a conditional UPDATE (queued and due, or running with an
/// expired lease → ours, with a lease), so two workers never run it at once; while the handler runs, a heartbeat renews
/// the lease and looks for a cancel request. A node that dies leaves a lease that expires, and another worker runs the
/// job again; the dead run's late result is refused because it no longer holds the lease. Failures are retried with
/// back-off up to the job's MaxAttempts.
/// </summary>
public sealed class JobWorker(
    IDbContextFactory<SigapDb> dbs,
    IServiceScopeFactory scopes,
    JobSignal signal,
    RunningJobs running,
    TimeProvider clock,
    JobQueueOptions options,
    ILogger<JobWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            log.LogInformation("Job worker disabled on this node (Jobs:Queue:Enabled=false).");
            return;
        }
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.PollIntervalMs));
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(_ =>
            WorkerLoop.RunAsync("Job queue", RunNextAsync, ct => signal.WaitAsync(interval, clock, ct), log, stoppingToken)));
    }

    /// <summary>
    /// Claims the next due job and runs it to its end (done, retry, failed or cancelled). Returns false when there was
    /// nothing to claim. <paramref name="stoppingToken"/> is the node's shutdown: it cancels the handler and leaves the
    /// job to be taken up again once its lease expires.
    /// </summary>
    public async Task<bool> RunNextAsync(CancellationToken stoppingToken)
    {
        await GiveUpExhaustedAsync(stoppingToken);
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var db = await dbs.CreateDbContextAsync(stoppingToken))
        {
            due = await Claimable(db, now).AsNoTracking().OrderBy(j => j.NextAttemptAt).Select(j => j.Id).Take(5).ToListAsync(stoppingToken);
        }
        foreach (var id in due)
        {
            var owner = Guid.NewGuid();
            if (await TryClaimAsync(id, owner, stoppingToken))
            {
                await RunClaimedAsync(id, owner, stoppingToken);
                return true;
            }
        }
        return false;
    }

    private static IQueryable<QueuedJob> Claimable(SigapDb db, DateTimeOffset now) => db.Jobs.Where(j =>
        (j.State == JobState.Queued && j.NextAttemptAt <= now) || (j.State == JobState.Running && j.LeaseUntil < now));

    /// <summary>A job whose runs keep dying (its lease expired MaxAttempts times) is not started again: it may be what kills the node.</summary>
    private async Task GiveUpExhaustedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? finished = now;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var given = await db.Jobs.Where(j => j.State == JobState.Running && j.LeaseUntil < now && j.Attempts >= j.MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Failed).SetProperty(j => j.FinishedAt, finished)
                .SetProperty(j => j.LeaseOwner, (Guid?)null).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(j => j.Error, j => (j.Error ?? "") + " (its last run ended without a result: lease expired)"), ct);
        if (given > 0) log.LogWarning("{Count} job(s) given up after their runs ended without a result {Max} times.", given, options.MaxAttempts);
    }

    private async Task<bool> TryClaimAsync(Guid id, Guid owner, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? lease = now + options.Lease;
        DateTimeOffset? started = now;
        Guid? leaseOwner = owner;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await Claimable(db, now).Where(j => j.Id == id && j.Attempts < j.MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Running)
                .SetProperty(j => j.LeaseOwner, leaseOwner).SetProperty(j => j.LeaseUntil, lease)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? started), ct) == 1;
    }

    private async Task RunClaimedAsync(Guid id, Guid owner, CancellationToken stoppingToken)
    {
        QueuedJob? job;
        await using (var db = await dbs.CreateDbContextAsync(stoppingToken))
            job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id && j.LeaseOwner == owner, stoppingToken);
        if (job is null) return;

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        running.Add(id, cts);
        var heartbeat = HeartbeatAsync(id, owner, cts);
        string? error = null;
        var cancelled = false;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IJobHandler>().LastOrDefault(h => h.Kind == job.Kind)
                ?? throw new InvalidOperationException($"No job handler is registered for kind '{job.Kind}'.");
            await handler.RunAsync(new JobRun(job, (percent, ct) => ReportProgressAsync(id, owner, percent, ct)), cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (Exception ex)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            running.Remove(id);
            await cts.CancelAsync(); // ends the heartbeat
            await heartbeat;
        }

        // Shutting down mid-run: record nothing; the lease expires and a worker (here after a restart, or on another
        // node) runs the job again.
        if (stoppingToken.IsCancellationRequested) return;
        await RecordAsync(job, owner, cancelled, error);
    }

    /// <summary>Renews the lease while the handler runs; cancels it when the job was cancelled or the lease was lost.</summary>
    private async Task HeartbeatAsync(Guid id, Guid owner, CancellationTokenSource run)
    {
        while (!run.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Heartbeat, clock, run.Token);
                if (!await RenewAsync(id, owner, run.Token) || await CancelRequestedAsync(id, run.Token))
                {
                    await run.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; the lease holds for two more heartbeats.
                log.LogWarning(ex, "Heartbeat of job {Id} failed.", id);
            }
        }
    }

    private async Task<bool> RenewAsync(Guid id, Guid owner, CancellationToken ct)
    {
        DateTimeOffset? lease = clock.GetUtcNow() + options.Lease;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Jobs.Where(j => j.Id == id && j.LeaseOwner == owner && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, lease), ct) == 1;
    }

    private async Task<bool> CancelRequestedAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Jobs.Where(j => j.Id == id).Select(j => j.CancelRequested).SingleAsync(ct);
    }

    private async Task ReportProgressAsync(Guid id, Guid owner, int percent, CancellationToken ct)
    {
        DateTimeOffset? lease = clock.GetUtcNow() + options.Lease;
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.Jobs.Where(j => j.Id == id && j.LeaseOwner == owner && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, percent).SetProperty(j => j.LeaseUntil, lease), ct);
    }

    /// <summary>Writes the run's outcome, only while this run still holds the lease (a run taken over records nothing).</summary>
    private async Task RecordAsync(QueuedJob run, Guid owner, bool cancelled, string? error)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == run.Id && j.LeaseOwner == owner && j.State == JobState.Running);
        if (job is null)
        {
            log.LogWarning("Job {Id} ({Kind}): the lease was lost before the result was recorded (lease {Lease} s too short?); another run owns it.", run.Id, run.Kind, options.LeaseSeconds);
            return;
        }
        if (cancelled && !job.CancelRequested)
        {
            // Our lease holds but nobody cancelled: the local token fired for a cancel that was rolled back. Run again.
            job.State = JobState.Queued;
        }
        else if (cancelled)
        {
            job.State = JobState.Cancelled;
            job.FinishedAt = now;
        }
        else if (error is null)
        {
            job.State = JobState.Done;
            job.Progress = 100;
            job.FinishedAt = now;
            job.Error = null;
        }
        else
        {
            job.Error = error.Length > 2000 ? error[..2000] : error;
            if (job.Attempts >= job.MaxAttempts)
            {
                job.State = JobState.Failed;
                job.FinishedAt = now;
                log.LogWarning("Job {Id} ({Kind}) failed for good after {Attempts} attempt(s): {Error}", job.Id, job.Kind, job.Attempts, error);
            }
            else
            {
                job.State = JobState.Queued;
                job.NextAttemptAt = now + options.Backoff(job.Attempts);
                log.LogInformation("Job {Id} ({Kind}) attempt {Attempt} failed, retrying at {Next}: {Error}", job.Id, job.Kind, job.Attempts, job.NextAttemptAt, error);
            }
        }
        job.LeaseOwner = null;
        job.LeaseUntil = null;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            log.LogWarning("Job {Id} ({Kind}): the lease was lost while the result was recorded.", run.Id, run.Kind);
        }
    }
}
