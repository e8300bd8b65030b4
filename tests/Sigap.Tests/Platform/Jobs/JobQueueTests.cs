using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Jobs;

namespace Sigap.Tests.Platform.Jobs;

/// <summary>What the test handler should do on each run of its job.</summary>
public sealed record TestWork(bool BlockFirstRun = false, bool BlockEveryRun = false, int FailRuns = 0, bool ReportProgress = false);

/// <summary>Counts what the test handler did, per job: runs started, runs that got to the end (the side effect).</summary>
public sealed class JobProbe
{
    private readonly ConcurrentDictionary<(Guid, int), TaskCompletionSource> _started = new();
    public readonly ConcurrentDictionary<Guid, int> Started = new();
    public readonly ConcurrentDictionary<Guid, int> Finished = new();
    public readonly ConcurrentDictionary<Guid, TaskCompletionSource> Gates = new();

    public TaskCompletionSource StartedSignal(Guid id, int attempt) => _started.GetOrAdd((id, attempt), _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Waits (on real time only as a safety net) until run <paramref name="attempt"/> of the job has begun.</summary>
    public Task WaitStartedAsync(Guid id, int attempt) => StartedSignal(id, attempt).Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    public TaskCompletionSource Gate(Guid id) => Gates.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>The handler of kind "test.work": blocks, fails or reports progress as its payload says.</summary>
public sealed class TestWorkHandler(JobProbe probe) : IJobHandler
{
    public const string KindName = "test.work";
    /// <summary>The signal "progress written" is kept with the run signals under this pseudo attempt number.</summary>
    public const int ProgressReported = -1;
    public string Kind => KindName;

    public async Task RunAsync(JobRun job, CancellationToken ct)
    {
        var work = job.PayloadAs<TestWork>();
        probe.Started.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
        probe.StartedSignal(job.Id, job.Attempt).TrySetResult();
        if (work.ReportProgress)
        {
            await job.ReportProgressAsync(40, ct);
            probe.StartedSignal(job.Id, ProgressReported).TrySetResult();
            await probe.Gate(job.Id).Task.WaitAsync(ct);
        }
        if (work.BlockEveryRun || (work.BlockFirstRun && job.Attempt == 1))
            await Task.Delay(Timeout.Infinite, ct); // honours the token: a node that dies does nothing more
        if (job.Attempt <= work.FailRuns) throw new InvalidOperationException($"run {job.Attempt} fails on purpose");
        probe.Finished.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
    }
}

/// <summary>An app with a fake clock whose background job worker is off: the tests drive workers themselves.</summary>
public sealed class JobQueueApp : SigapFactory
{
    public JobProbe Probe { get; } = new();
    protected override bool Demo => false;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Jobs:Queue:Enabled"] = "false";
        settings["Jobs:Queue:LeaseSeconds"] = "60";
        settings["Jobs:Queue:BackoffBaseMs"] = "10000";
        settings["Jobs:Queue:MaxAttempts"] = "3";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Probe);
            services.AddJobHandler<TestWorkHandler>();
        });
    }

    /// <summary>A worker as another node would run it (same database, its own instance).</summary>
    public JobWorker NewWorker() => ActivatorUtilities.CreateInstance<JobWorker>(Services);

    public async Task<Guid> EnqueueAsync(TestWork work, int? maxAttempts = null)
    {
        var queue = Services.GetRequiredService<JobQueue>();
        return await WithDbAsync(async db =>
        {
            var job = queue.Enqueue(db, TestWorkHandler.KindName, work, maxAttempts: maxAttempts);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return job.Id;
        });
    }

    public Task<QueuedJob> JobAsync(Guid id) => WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, TestContext.Current.CancellationToken));
}

/// <summary>The durable job queue: lease, a run killed in the middle, retry with back-off, cancel, progress.</summary>
public sealed class JobQueueTests(JobQueueApp app) : IClassFixture<JobQueueApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private JobQueueOptions Options => app.Services.GetRequiredService<JobQueueOptions>();

    [Fact]
    public async Task A_run_killed_in_the_middle_is_taken_up_after_its_lease_expires_and_finishes_exactly_once()
    {
        var id = await app.EnqueueAsync(new TestWork(BlockFirstRun: true));
        var nodeA = app.NewWorker();
        var nodeB = app.NewWorker();

        using var nodeALife = new CancellationTokenSource();
        var runA = nodeA.RunNextAsync(nodeALife.Token);
        await app.Probe.WaitStartedAsync(id, 1);
        var claimed = await app.JobAsync(id);
        claimed.State.Should().Be(JobState.Running);
        claimed.LeaseOwner.Should().NotBeNull();
        (await nodeB.RunNextAsync(Ct)).Should().BeFalse("the job is leased to node A");

        // Node A dies: its run is cut off and records nothing, the lease stays behind.
        await nodeALife.CancelAsync();
        (await runA).Should().BeTrue();
        var abandoned = await app.JobAsync(id);
        abandoned.State.Should().Be(JobState.Running);
        abandoned.LeaseOwner.Should().Be(claimed.LeaseOwner);
        (await nodeB.RunNextAsync(Ct)).Should().BeFalse("the dead node's lease has not expired yet");

        app.Clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        (await nodeB.RunNextAsync(Ct)).Should().BeTrue("an expired lease frees the job");

        var done = await app.JobAsync(id);
        done.State.Should().Be(JobState.Done);
        done.Attempts.Should().Be(2);
        done.Progress.Should().Be(100);
        done.LeaseOwner.Should().BeNull();
        done.FinishedAt.Should().Be(app.Clock.GetUtcNow());
        app.Probe.Started[id].Should().Be(2);
        app.Probe.Finished[id].Should().Be(1, "the side effect happened once");
        (await nodeB.RunNextAsync(Ct)).Should().BeFalse();
        app.Clock.Advance(Options.Lease * 2);
        (await nodeA.RunNextAsync(Ct)).Should().BeFalse("a finished job is never run again");
        app.Probe.Finished[id].Should().Be(1);
    }

    [Fact]
    public async Task A_failing_job_is_retried_after_its_back_off_and_given_up_after_max_attempts()
    {
        var worker = app.NewWorker();
        var flaky = await app.EnqueueAsync(new TestWork(FailRuns: 1));
        (await worker.RunNextAsync(Ct)).Should().BeTrue();
        var failedOnce = await app.JobAsync(flaky);
        failedOnce.State.Should().Be(JobState.Queued);
        failedOnce.Attempts.Should().Be(1);
        failedOnce.Error.Should().Contain("run 1 fails on purpose");
        failedOnce.NextAttemptAt.Should().Be(app.Clock.GetUtcNow() + TimeSpan.FromSeconds(10));
        (await worker.RunNextAsync(Ct)).Should().BeFalse("the back-off has not passed");

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        (await worker.RunNextAsync(Ct)).Should().BeTrue();
        (await app.JobAsync(flaky)).State.Should().Be(JobState.Done);
        app.Probe.Finished[flaky].Should().Be(1);

        var hopeless = await app.EnqueueAsync(new TestWork(FailRuns: 99), maxAttempts: 2);
        (await worker.RunNextAsync(Ct)).Should().BeTrue();
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        (await worker.RunNextAsync(Ct)).Should().BeTrue();
        var given = await app.JobAsync(hopeless);
        given.State.Should().Be(JobState.Failed);
        given.Attempts.Should().Be(2);
        given.FinishedAt.Should().NotBeNull();
        app.Clock.Advance(TimeSpan.FromHours(1));
        (await worker.RunNextAsync(Ct)).Should().BeFalse();
        app.Probe.Started[hopeless].Should().Be(2);
    }

    [Fact]
    public async Task A_queued_job_is_cancelled_at_once_and_never_runs()
    {
        var id = await app.EnqueueAsync(new TestWork());
        var queue = app.Services.GetRequiredService<JobQueue>();
        (await app.WithDbAsync(db => queue.CancelAsync(db, id, Ct))).Should().BeTrue();
        var job = await app.JobAsync(id);
        job.State.Should().Be(JobState.Cancelled);
        job.FinishedAt.Should().NotBeNull();
        (await app.NewWorker().RunNextAsync(Ct)).Should().BeFalse();
        app.Probe.Started.Should().NotContainKey(id);
        (await app.WithDbAsync(db => queue.CancelAsync(db, id, Ct))).Should().BeFalse("a finished job cannot be cancelled");
    }

    [Fact]
    public async Task A_running_job_sees_its_token_cancelled_on_this_node_at_once()
    {
        var id = await app.EnqueueAsync(new TestWork(BlockEveryRun: true));
        var run = app.NewWorker().RunNextAsync(Ct);
        await app.Probe.WaitStartedAsync(id, 1);

        var queue = app.Services.GetRequiredService<JobQueue>();
        (await app.WithDbAsync(db => queue.CancelAsync(db, id, Ct))).Should().BeTrue();
        (await run).Should().BeTrue();
        var job = await app.JobAsync(id);
        job.State.Should().Be(JobState.Cancelled);
        job.LeaseOwner.Should().BeNull();
        app.Probe.Finished.Should().NotContainKey(id);
    }

    [Fact]
    public async Task A_cancel_requested_on_another_node_reaches_the_handler_at_the_next_heartbeat()
    {
        var id = await app.EnqueueAsync(new TestWork(BlockEveryRun: true));
        var run = app.NewWorker().RunNextAsync(Ct);
        await app.Probe.WaitStartedAsync(id, 1);

        // What CancelAsync writes on a node that does not run the job.
        await app.WithDbAsync(db => db.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), Ct));
        run.IsCompleted.Should().BeFalse("nothing tells this node before its heartbeat");
        app.Clock.Advance(Options.Heartbeat);
        (await run.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Should().BeTrue();
        (await app.JobAsync(id)).State.Should().Be(JobState.Cancelled);
    }

    [Fact]
    public async Task Progress_is_recorded_while_the_job_runs()
    {
        var id = await app.EnqueueAsync(new TestWork(ReportProgress: true));
        var run = app.NewWorker().RunNextAsync(Ct);
        await app.Probe.WaitStartedAsync(id, 1);
        await app.Probe.WaitStartedAsync(id, TestWorkHandler.ProgressReported);
        var running = await app.JobAsync(id);
        running.State.Should().Be(JobState.Running);
        running.Progress.Should().Be(40);

        app.Probe.Gate(id).TrySetResult();
        await run;
        (await app.JobAsync(id)).Progress.Should().Be(100);
    }

    [Fact]
    public async Task A_job_enqueued_in_a_transaction_that_rolls_back_does_not_exist()
    {
        var queue = app.Services.GetRequiredService<JobQueue>();
        var id = await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            var job = queue.Enqueue(db, TestWorkHandler.KindName, new TestWork());
            await db.SaveChangesAsync(Ct);
            await tx.RollbackAsync(Ct);
            return job.Id;
        });
        (await app.WithDbAsync(db => db.Jobs.AnyAsync(j => j.Id == id, Ct))).Should().BeFalse();
    }
}
