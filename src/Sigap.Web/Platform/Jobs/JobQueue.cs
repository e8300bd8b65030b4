using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Jobs;

/// <summary>Job queue settings (<c>Jobs:Queue:*</c>).</summary>
public sealed class JobQueueOptions
{
    /// <summary>Whether this node runs queued jobs (default true); every node may, a job is claimed by one.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How many jobs one node runs at the same time.</summary>
    public int Concurrency { get; set; } = 2;
    public int PollIntervalMs { get; set; } = 2000;
    /// <summary>How long a claim holds without a heartbeat; a node that dies leaves its job to others after this.</summary>
    public int LeaseSeconds { get; set; } = 60;
    /// <summary>Default number of runs before a failing job is given up (a job may set its own).</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>Wait after the first failure; doubled after each further one, up to <see cref="BackoffMaxMs"/>.</summary>
    public int BackoffBaseMs { get; set; } = 10_000;
    public int BackoffMaxMs { get; set; } = 600_000;

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(1, LeaseSeconds));

    /// <summary>Heartbeats come three times per lease, so one slow database round does not lose it.</summary>
    public TimeSpan Heartbeat => Lease / 3;

    /// <summary>Base × 2^(n−1), capped: 10 s, 20 s, 40 s… with the defaults.</summary>
    public TimeSpan Backoff(int failedAttempts)
    {
        var ms = BackoffBaseMs * Math.Pow(2, Math.Max(0, failedAttempts - 1));
        return TimeSpan.FromMilliseconds(Math.Min(ms, BackoffMaxMs));
    }
}

/// <summary>
/// Long work for a background worker: implement one per kind and register it with
/// <c>services.AddJobHandler&lt;T&gt;()</c>. A job may run more than once (a node dies mid-run, a retry after a
/// failure), so a handler must be safe to repeat. <paramref name="ct"/> fires when the job is cancelled, its lease is
/// lost or the node shuts down; a handler passes it on to everything it awaits.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }
    Task RunAsync(JobRun job, CancellationToken ct);
}

/// <summary>What a handler gets to know about the run in hand, and where it reports progress.</summary>
public sealed class JobRun(QueuedJob job, Func<int, CancellationToken, Task> reportProgress)
{
    public Guid Id => job.Id;
    public string Kind => job.Kind;
    public int? UnitId => job.UnitId;
    /// <summary>1 on the first run, 2 on the first retry…</summary>
    public int Attempt => job.Attempts;
    public string Payload => job.Payload;

    public T PayloadAs<T>() => JsonSerializer.Deserialize<T>(job.Payload, JobQueue.Json)
        ?? throw new InvalidOperationException($"Job {job.Id} ({job.Kind}) has an empty payload.");

    /// <summary>Records 0–100 % done (it also renews the lease).</summary>
    public Task ReportProgressAsync(int percent, CancellationToken ct) => reportProgress(Math.Clamp(percent, 0, 100), ct);
}

/// <summary>Puts jobs in the queue (inside the caller's transaction) and cancels them.</summary>
public sealed class JobQueue(TimeProvider clock, JobQueueOptions options, RunningJobs running)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds a job to <paramref name="db"/>: it is saved with the caller's SaveChanges and exists only if the caller's
    /// transaction commits; after the commit, this node's worker is woken.
    /// </summary>
    public QueuedJob Enqueue<TPayload>(SigapDb db, string kind, TPayload payload, int? unitId = null, int? maxAttempts = null)
    {
        var now = clock.GetUtcNow();
        var job = new QueuedJob
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Payload = JsonSerializer.Serialize(payload, Json),
            UnitId = unitId,
            State = JobState.Queued,
            MaxAttempts = Math.Max(1, maxAttempts ?? options.MaxAttempts),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Jobs.Add(job);
        return job;
    }

    /// <summary>
    /// A queued job is cancelled at once; a running one is marked, and its handler's token fires (at once on this node,
    /// at its worker's next heartbeat on another). False when the job is missing or already finished.
    /// </summary>
    public async Task<bool> CancelAsync(SigapDb db, Guid id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? finished = now;
        if (await db.Jobs.Where(j => j.Id == id && j.State == JobState.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Cancelled).SetProperty(j => j.FinishedAt, finished), ct) == 1)
            return true;
        if (await db.Jobs.Where(j => j.Id == id && j.State == JobState.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), ct) == 0)
            return false;
        running.Cancel(id);
        return true;
    }
}
