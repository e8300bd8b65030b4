using Sigap.Web.Platform.Jobs;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Events;

/// <summary>What a subscriber gets with an event: a stable id (the same on every delivery) and when it happened.</summary>
public sealed record ModuleEventInfo(Guid EventId, DateTimeOffset OccurredAt, int Delivery);

/// <summary>
/// A module's reaction to another module's change. <typeparamref name="TEvent"/> is a record in the publishing module's
/// <c>Contracts/</c>. Delivery is at least once, after the publisher's transaction commits, and a failed handler is
/// retried with back-off: so a handler must be idempotent — do nothing the second time for the same
/// <see cref="ModuleEventInfo.EventId"/> (e.g. a unique key on it, or a state check such as "already done").
/// Register with <c>services.AddModuleEventHandler&lt;TEvent, THandler&gt;()</c>.
/// </summary>
public interface IModuleEventHandler<in TEvent> where TEvent : class
{
    Task HandleAsync(TEvent e, ModuleEventInfo info, CancellationToken ct);
}

/// <summary>Who subscribes to an event type: one queue kind per subscriber, so each is delivered and retried on its own.</summary>
public sealed record ModuleEventSubscription(Type EventType, string Kind);

/// <summary>
/// Publishes events through the durable job queue: one queued job per subscriber, added to the publisher's SigapDb so
/// it commits (or rolls back) with the change itself. After the commit the job worker is woken and runs the handlers;
/// rows survive a crash between commit and handling.
/// </summary>
public sealed class ModuleEvents(JobQueue queue, IEnumerable<ModuleEventSubscription> subscriptions, TimeProvider clock)
{
    private readonly ILookup<Type, string> _kinds = subscriptions.ToLookup(s => s.EventType, s => s.Kind);

    /// <summary>Adds the deliveries of <paramref name="e"/> to <paramref name="db"/>; the caller's SaveChanges (and commit) makes them real.</summary>
    public Guid Publish<TEvent>(SigapDb db, TEvent e) where TEvent : class
    {
        var envelope = new ModuleEventEnvelope<TEvent>(Guid.CreateVersion7(), clock.GetUtcNow(), e);
        foreach (var kind in _kinds[typeof(TEvent)])
            queue.Enqueue(db, kind, envelope);
        return envelope.EventId;
    }
}

internal sealed record ModuleEventEnvelope<TEvent>(Guid EventId, DateTimeOffset OccurredAt, TEvent Event);

/// <summary>Runs one subscriber's handler for the events queued for it.</summary>
internal sealed class ModuleEventJob<TEvent, THandler>(THandler handler) : IJobHandler
    where TEvent : class where THandler : IModuleEventHandler<TEvent>
{
    public static string KindName => $"event:{typeof(TEvent).Name}>{typeof(THandler).FullName}";

    public string Kind => KindName;

    public Task RunAsync(JobRun job, CancellationToken ct)
    {
        var envelope = job.PayloadAs<ModuleEventEnvelope<TEvent>>();
        return handler.HandleAsync(envelope.Event, new ModuleEventInfo(envelope.EventId, envelope.OccurredAt, job.Attempt), ct);
    }
}

public static class ModuleEventsSetup
{
    internal static IServiceCollection AddModuleEvents(this IServiceCollection services) => services.AddSingleton<ModuleEvents>();

    /// <summary>Subscribes <typeparamref name="THandler"/> (scoped: it may take a SigapDb) to <typeparamref name="TEvent"/>.</summary>
    public static IServiceCollection AddModuleEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : class where THandler : class, IModuleEventHandler<TEvent>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new ModuleEventSubscription(typeof(TEvent), ModuleEventJob<TEvent, THandler>.KindName));
        return services.AddJobHandler<ModuleEventJob<TEvent, THandler>>();
    }
}
