using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Jobs;

namespace Sigap.Tests.Platform.Jobs;

/// <summary>Counts the runs of <see cref="CountingJob"/> per "run" value, over every scheduler of the process.</summary>
public static class FireCounter
{
    public static readonly ConcurrentDictionary<string, int> Runs = new();
    public static readonly ConcurrentDictionary<string, string> RanOn = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Done = new();

    public static TaskCompletionSource Signal(string run) => Done.GetOrAdd(run, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A scheduled job for the cluster test: counts each firing under the "run" the trigger carries.</summary>
public sealed class CountingJob : IJob
{
    public const string Name = "test.counting";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var run = context.MergedJobDataMap.GetString("run") ?? "scheduled";
        FireCounter.Runs.AddOrUpdate(run, 1, (_, n) => n + 1);
        FireCounter.RanOn[run] = context.Scheduler.SchedulerInstanceId;
        FireCounter.Signal(run).TrySetResult();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Tells the test when a job has been executed (completed or failed).</summary>
public sealed class JobDoneListener(JobKey key) : IJobListener
{
    private readonly TaskCompletionSource<JobExecutionException?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public string Name { get; } = $"test-done-{Guid.NewGuid():N}";
    public Task<JobExecutionException?> Done => _done.Task;

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (context.JobDetail.Key.Equals(key)) _done.TrySetResult(jobException);
        return ValueTask.CompletedTask;
    }
}

/// <summary>An app with a sweep interval of its own and the counting job, without demo data.</summary>
public class ScheduleApp : SigapFactory
{
    public const string NightlyName = "test.nightly";
    protected override bool Demo => false;

    protected override void Configure(IDictionary<string, string?> settings) => settings["Files:Sweep:IntervalMinutes"] = "90";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Quartz's firing loop (and the cluster check-in) waits on the app's TimeProvider, which Quartz takes from the
        // container: on the factory's fake clock, which only moves when a test moves it, nothing would ever fire.
        // These tests trigger jobs by hand and read their schedules, so they run on the machine's clock.
        builder.ConfigureTestServices(services => services.AddSingleton(TimeProvider.System)
            .AddSigapJob<CountingJob>(CountingJob.Name, TimeSpan.FromDays(1))
            .AddSigapJob<CountingJob>(NightlyName, "0 0 2 * * ?"));
    }

    public IScheduler Scheduler => Services.GetRequiredService<IScheduler>();
}

/// <summary>A second node: the same database as <paramref name="first"/>, its own scheduler.</summary>
public sealed class SecondNode(ScheduleApp first) : ScheduleApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["ConnectionStrings:Sigap"] = first.Database.ConnectionString;
    }
}

/// <summary>Quartz schedules: the file sweep is a scheduled job with its configured interval, and on PostgreSQL the nodes form a cluster.</summary>
public sealed class ScheduleTests(ScheduleApp app) : IClassFixture<ScheduleApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly JobKey SweepKey = new(FileSweeper.JobName, SigapSchedule.Group);

    [Fact]
    public async Task A_cron_job_fires_at_its_time_in_WIB()
    {
        var trigger = await app.Scheduler.GetTrigger(new TriggerKey(ScheduleApp.NightlyName, SigapSchedule.Group), Ct);
        var cron = trigger.Should().BeAssignableTo<ICronTrigger>().Subject;
        cron.CronExpressionString.Should().Be("0 0 2 * * ?");
        cron.TimeZone.BaseUtcOffset.Should().Be(TimeSpan.FromHours(7));
        cron.NextFireTimeUtc!.Value.ToOffset(TimeSpan.FromHours(7)).TimeOfDay.Should().Be(TimeSpan.FromHours(2), "02:00 WIB");
    }

    [Fact]
    public void A_schedule_that_cannot_fire_is_refused_at_registration()
    {
        var services = new ServiceCollection();
        FluentActions.Invoking(() => services.AddSigapJob<CountingJob>("bad", "every night")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => services.AddSigapJob<CountingJob>("bad", TimeSpan.Zero)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task The_file_sweep_is_scheduled_every_configured_interval_and_a_firing_sweeps()
    {
        var trigger = await app.Scheduler.GetTrigger(new TriggerKey(FileSweeper.JobName, SigapSchedule.Group), Ct);
        trigger.Should().BeAssignableTo<ISimpleTrigger>().Which.RepeatInterval.Should().Be(TimeSpan.FromMinutes(90));
        trigger!.NextFireTimeUtc.Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(60), "the first sweep comes one interval after start");
        var metadata = await app.Scheduler.GetMetadata(Ct);
        metadata.JobStoreClustered.Should().Be(TestDatabase.IsPostgres, "PostgreSQL nodes share a clustered store; SQLite keeps it in memory");

        // A stale upload nothing refers to, with its bytes.
        var store = app.Services.GetRequiredService<IFileStore>();
        var file = new StoredFile
        {
            Id = Guid.NewGuid(), StorageKey = $"2001/01/{Guid.NewGuid():N}", ContentType = "image/png", FileName = "x.png", Sha256 = new string('0', 64),
            Size = 3, CreatedAt = DateTimeOffset.UtcNow.AddDays(-2),
        };
        await store.SaveAsync(file.StorageKey, new MemoryStream([1, 2, 3]), Ct);
        await app.WithDbAsync(async db => { db.Files.Add(file); await db.SaveChangesAsync(Ct); });

        var listener = new JobDoneListener(SweepKey);
        app.Scheduler.ListenerManager.AddJobListener(listener, [GroupMatcher<JobKey>.GroupEquals(SigapSchedule.Group)]);
        await app.Scheduler.TriggerJob(SweepKey, new JobDataMap(), Ct);
        (await listener.Done.WaitAsync(TimeSpan.FromSeconds(60), Ct)).Should().BeNull("the sweep ran without an error");

        (await app.WithDbAsync(db => db.Files.AnyAsync(f => f.Id == file.Id, Ct))).Should().BeFalse("the scheduled sweep deleted the stale upload");
        await using var bytes = await store.OpenReadAsync(file.StorageKey, Ct);
        bytes.Should().BeNull();
    }
}

/// <summary>Two app nodes on one PostgreSQL database: their Quartz schedulers form a cluster and a firing runs once.</summary>
public sealed class ScheduleClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_nodes_on_one_PostgreSQL_database_form_a_cluster_and_each_firing_runs_once()
    {
        Assert.SkipUnless(TestDatabase.IsPostgres, "Clustering needs the shared ADO job store (PostgreSQL).");
        await using var first = new ScheduleApp();
        await first.InitializeAsync();
        await using var second = new SecondNode(first);
        await second.InitializeAsync();
        var key = new JobKey(CountingJob.Name, SigapSchedule.Group);

        (await first.Scheduler.GetMetadata(Ct)).JobStoreClustered.Should().BeTrue();
        (await second.Scheduler.GetMetadata(Ct)).JobStoreClustered.Should().BeTrue();
        first.Scheduler.SchedulerInstanceId.Should().NotBe(second.Scheduler.SchedulerInstanceId);
        (await second.Scheduler.GetJobDetail(key, Ct)).Should().NotBeNull("the job is stored once and seen by both nodes");

        var runs = Enumerable.Range(0, 10).Select(i => $"{Guid.NewGuid():N}-{i}").ToList();
        foreach (var (run, i) in runs.Select((r, i) => (r, i)))
            await (i % 2 == 0 ? first : second).Scheduler.TriggerJob(key, new JobDataMap { ["run"] = run }, Ct);
        await Task.WhenAll(runs.Select(r => FireCounter.Signal(r).Task)).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        // Once both schedulers have stopped (letting running jobs finish), nothing can fire again: the counts are final.
        await first.Scheduler.Shutdown(true, Ct);
        await second.Scheduler.Shutdown(true, Ct);
        runs.Select(r => FireCounter.Runs[r]).Should().AllBeEquivalentTo(1, "a clustered firing runs on exactly one node");
        var fired = await first.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM qrtz_fired_triggers").SingleAsync(Ct));
        fired.Should().Be(0, "every firing was completed in the shared store");
    }
}
