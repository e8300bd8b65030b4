using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sigap.Web.Platform.Jobs;

internal static class JobsSetup
{
    /// <summary>Schedules (Quartz.NET) and the durable job queue.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration config)
    {
        services.AddScheduling(config);
        var options = new JobQueueOptions();
        config.GetSection("Jobs:Queue").Bind(options);
        services.AddSingleton(options);
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobSaveInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<JobSaveInterceptor>());
        services.AddSingleton<JobWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());
        return services;
    }

    /// <summary>Registers the handler of one job kind (resolved in a scope of its own for every run).</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services) where THandler : class, IJobHandler =>
        services.AddScoped<IJobHandler, THandler>();
}
