using Quartz;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Jobs;

/// <summary>A recurring job: every <see cref="Interval"/>, or on a Quartz <see cref="Cron"/> expression.</summary>
public sealed record SigapSchedule(string Name, Type JobType, TimeSpan? Interval, string? Cron)
{
    public const string Group = "sigap";
    public JobKey JobKey => new(Name, Group);
    public TriggerKey TriggerKey => new(Name, Group);
}

/// <summary>
/// Schedules through Quartz.NET. On PostgreSQL the schedule lives in the qrtz_* tables (migration 0003) and the nodes
/// form a cluster, so each firing runs on exactly one node; on SQLite (one node) it lives in memory.
/// </summary>
public static class Schedules
{
    /// <summary>Runs <typeparamref name="TJob"/> every <paramref name="interval"/> (first run one interval after start).</summary>
    public static IServiceCollection AddSigapJob<TJob>(this IServiceCollection services, string name, TimeSpan interval) where TJob : class, IJob
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "A job's interval must be positive.");
        return services.AddSchedule<TJob>(new SigapSchedule(name, typeof(TJob), interval, null));
    }

    /// <summary>Runs <typeparamref name="TJob"/> on a Quartz cron expression (seconds first, e.g. "0 0 2 * * ?" = 02:00 daily), in WIB.</summary>
    public static IServiceCollection AddSigapJob<TJob>(this IServiceCollection services, string name, string cron) where TJob : class, IJob
    {
        if (!CronExpression.TryParse(cron, out _)) throw new ArgumentException($"'{cron}' is not a Quartz cron expression.", nameof(cron));
        return services.AddSchedule<TJob>(new SigapSchedule(name, typeof(TJob), null, cron));
    }

    private static IServiceCollection AddSchedule<TJob>(this IServiceCollection services, SigapSchedule schedule) where TJob : class, IJob
    {
        services.AddTransient<TJob>();
        services.AddSingleton(schedule);
        return services;
    }

    internal static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration config)
    {
        var postgres = DatabaseSetup.Provider(config) == DatabaseProvider.Postgres;
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "Sigap");
            q.UseDefaultThreadPool(Math.Max(1, config.GetValue("Jobs:Schedule:Threads", 4)));
            if (postgres)
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(config.GetConnectionString("Sigap")
                        ?? throw new InvalidOperationException("ConnectionStrings:Sigap is required when Database:Provider is Postgres."));
                    store.UseClustering();
                });
            else
                q.UseInMemoryStore();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<ScheduleRegistrar>();
        return services;
    }
}

/// <summary>
/// Puts every <see cref="SigapSchedule"/> into the scheduler at start. In a cluster the schedule is shared: a node
/// keeps a trigger that already has the same schedule (so restarts do not push the next run back) and replaces one
/// whose schedule changed.
/// </summary>
internal sealed class ScheduleRegistrar(IScheduler scheduler, IEnumerable<SigapSchedule> schedules, TimeProvider clock, ILogger<ScheduleRegistrar> log) : IHostedService
{
    /// <summary>Cron times are business times (WIB). A system zone, not a custom one: the clustered store saves the zone by id.</summary>
    private static readonly TimeZoneInfo Wib = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var schedule in schedules)
        {
            var existing = await scheduler.GetTrigger(schedule.TriggerKey, ct);
            var same = (existing, schedule) switch
            {
                (ISimpleTrigger simple, { Interval: { } interval }) => simple.RepeatInterval == interval,
                (ICronTrigger cron, { Cron: { } expression }) => cron.CronExpressionString == expression,
                _ => false,
            };
            if (same) continue;

            var job = JobBuilder.Create().OfType(schedule.JobType).WithIdentity(schedule.JobKey).StoreDurably().Build();
            var trigger = TriggerBuilder.Create().WithIdentity(schedule.TriggerKey).ForJob(schedule.JobKey);
            trigger = schedule.Interval is { } every
                ? trigger.StartAt(clock.GetUtcNow() + every).WithSimpleSchedule(s => s.WithInterval(every).RepeatForever())
                : trigger.WithCronSchedule(schedule.Cron!, c => c.InTimeZone(Wib));
            await scheduler.ScheduleJob(job, [trigger.Build()], new ScheduleJobOptions { Replace = true }, ct);
            log.LogInformation("Scheduled job {Job}: {Schedule}.", schedule.Name, (object?)schedule.Interval ?? schedule.Cron);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Quartz's own tables (PostgreSQL only: SQLite keeps the schedule in memory), created by migration 0003_jobs.</summary>
internal sealed class QuartzTables : IUnmodeledSchema
{
    public static readonly string[] Names =
    [
        "qrtz_job_details", "qrtz_triggers", "qrtz_simple_triggers", "qrtz_cron_triggers", "qrtz_simprop_triggers",
        "qrtz_blob_triggers", "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_paused_job_grps", "qrtz_fired_triggers",
        "qrtz_scheduler_state", "qrtz_locks", "qrtz_execution_history", "qrtz_misfire_history", "qrtz_job_status",
    ];

    public IEnumerable<UnmodeledObject> Objects(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? Names.Select(UnmodeledObject.WholeTable) : [];
}
