using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Events.FakeTickets;
using Sigap.Tests.Platform.Events.FakeTickets.Contracts;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Events;
using Sigap.Web.Platform.Jobs;
using Sigap.Web.Platform.Persistence;

// Two fake modules of the test project. FakeTickets publishes TicketResolved from its Contracts/; FakeReports reacts
// to it without touching FakeTickets' internals.
namespace Sigap.Tests.Platform.Events.FakeTickets.Contracts
{
    public sealed record TicketResolved(string TicketCode, bool FailFirstDelivery = false);
}

namespace Sigap.Tests.Platform.Events.FakeTickets
{
    /// <summary>The publisher: resolving a ticket writes its own change and the event in one transaction.</summary>
    public static class TicketHandlers
    {
        public static async Task<Guid> ResolveAsync(SigapDb db, ModuleEvents events, AuditLog audit, TicketResolved resolved, bool commit, CancellationToken ct)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            audit.Record(db, "fake.ticket.resolved", null, "FakeTicket", resolved.TicketCode);
            var eventId = events.Publish(db, resolved);
            await db.SaveChangesAsync(ct);
            if (commit) await tx.CommitAsync(ct);
            else await tx.RollbackAsync(ct);
            return eventId;
        }
    }
}

namespace Sigap.Tests.Platform.Events
{
    /// <summary>What the subscriber saw, per ticket code.</summary>
    public sealed class DeliveryLog
    {
        public readonly ConcurrentDictionary<string, List<ModuleEventInfo>> Deliveries = new();
        public readonly ConcurrentDictionary<string, bool> ChangeVisible = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _handled = new();

        public TaskCompletionSource Handled(string code) => _handled.GetOrAdd(code, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        public Task WaitHandledAsync(string code) => Handled(code).Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// The subscriber (a fake "reports" module): marks its report done. Idempotent by event id: a second delivery of
    /// an event it already handled changes nothing.
    /// </summary>
    public sealed class MarkReportDone(DeliveryLog log, SigapDb db) : IModuleEventHandler<TicketResolved>
    {
        private static readonly ConcurrentDictionary<Guid, bool> Done = new();

        public async Task HandleAsync(TicketResolved e, ModuleEventInfo info, CancellationToken ct)
        {
            lock (log.Deliveries) log.Deliveries.GetOrAdd(e.TicketCode, _ => []).Add(info);
            log.ChangeVisible[e.TicketCode] = await db.AuditLog.AnyAsync(a => a.EntityType == "FakeTicket" && a.EntityId == e.TicketCode, ct);
            if (e.FailFirstDelivery && info.Delivery == 1) throw new InvalidOperationException("the reports module is briefly unavailable");
            if (Done.TryAdd(info.EventId, true)) log.Handled(e.TicketCode).TrySetResult();
        }
    }

    /// <summary>The app with both fake modules' wiring; <see cref="LiveWorker"/> says whether its background worker runs.</summary>
    public abstract class EventsAppBase : SigapFactory
    {
        public DeliveryLog Log { get; } = new();
        protected override bool Demo => false;
        protected abstract bool LiveWorker { get; }

        protected override void Configure(IDictionary<string, string?> settings)
        {
            settings["Jobs:Queue:Enabled"] = LiveWorker ? "true" : "false";
            // Only the after-commit wake-up can make a live delivery prompt: the poll is ten minutes away.
            settings["Jobs:Queue:PollIntervalMs"] = "600000";
            settings["Jobs:Queue:BackoffBaseMs"] = "10000";
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Log);
                services.AddModuleEventHandler<TicketResolved, MarkReportDone>();
                ConfigureMore(services);
            });
        }

        protected virtual void ConfigureMore(IServiceCollection services) { }

        public Task<Guid> ResolveAsync(TicketResolved resolved, bool commit) => WithDbAsync(db => TicketHandlers.ResolveAsync(db,
            Services.GetRequiredService<ModuleEvents>(), Services.GetRequiredService<AuditLog>(), resolved, commit, TestContext.Current.CancellationToken));

        public Task<List<QueuedJob>> DeliveriesInQueueAsync() =>
            WithDbAsync(db => db.Jobs.AsNoTracking().Where(j => j.Kind.StartsWith("event:TicketResolved>")).ToListAsync(TestContext.Current.CancellationToken));
    }

    public sealed class LiveEventsApp : EventsAppBase
    {
        protected override bool LiveWorker => true;
    }

    /// <summary>No background worker (a node that died right after the commit) and a fake clock for the back-off.</summary>
    public sealed class StoppedEventsApp : EventsAppBase
    {
        protected override bool LiveWorker => false;
        public JobWorker NewWorker() => ActivatorUtilities.CreateInstance<JobWorker>(Services);
    }

    /// <summary>Module events: after commit, never after a rollback, retried on failure, at least once across a crash.</summary>
    public sealed class ModuleEventTests(LiveEventsApp live, StoppedEventsApp stopped) : IClassFixture<LiveEventsApp>, IClassFixture<StoppedEventsApp>
    {
        private static CancellationToken Ct => TestContext.Current.CancellationToken;
        private static string NewCode() => $"T-{Guid.NewGuid():N}";

        [Fact]
        public async Task The_subscriber_runs_after_the_publisher_commits_and_sees_its_change()
        {
            var code = NewCode();
            var eventId = await live.ResolveAsync(new TicketResolved(code), commit: true);
            await live.Log.WaitHandledAsync(code);

            live.Log.Deliveries[code].Should().ContainSingle().Which.EventId.Should().Be(eventId);
            live.Log.ChangeVisible[code].Should().BeTrue("the handler ran after the publisher's transaction committed");
        }

        [Fact]
        public async Task Nothing_is_delivered_when_the_publisher_rolls_back()
        {
            var rolledBack = NewCode();
            await live.ResolveAsync(new TicketResolved(rolledBack), commit: false);
            (await live.DeliveriesInQueueAsync()).Should().NotContain(j => j.Payload.Contains(rolledBack), "the delivery rolled back with the change");

            // A later committed event is delivered, so the worker has passed; the rolled-back one never came.
            var committed = NewCode();
            await live.ResolveAsync(new TicketResolved(committed), commit: true);
            await live.Log.WaitHandledAsync(committed);
            live.Log.Deliveries.Should().NotContainKey(rolledBack);
        }

        [Fact]
        public async Task A_failing_subscriber_is_retried_with_the_same_event_id()
        {
            var code = NewCode();
            var eventId = await stopped.ResolveAsync(new TicketResolved(code, FailFirstDelivery: true), commit: true);
            var worker = stopped.NewWorker();

            (await worker.RunNextAsync(Ct)).Should().BeTrue();
            var queued = (await stopped.DeliveriesInQueueAsync()).Single(j => j.Payload.Contains(code));
            queued.State.Should().Be(JobState.Queued, "a failed delivery waits for its retry");
            queued.Error.Should().Contain("briefly unavailable");

            stopped.Clock.Advance(TimeSpan.FromSeconds(10));
            (await worker.RunNextAsync(Ct)).Should().BeTrue();
            await stopped.Log.WaitHandledAsync(code);
            stopped.Log.Deliveries[code].Select(d => (d.EventId, d.Delivery)).Should().Equal((eventId, 1), (eventId, 2));
            (await stopped.DeliveriesInQueueAsync()).Single(j => j.Payload.Contains(code)).State.Should().Be(JobState.Done);
        }

        [Fact]
        public async Task An_event_committed_before_a_crash_is_delivered_by_the_next_worker()
        {
            var code = NewCode();
            var eventId = await stopped.ResolveAsync(new TicketResolved(code), commit: true);
            // Committed, and no worker ran: the delivery waits in the database, not in memory.
            stopped.Log.Deliveries.Should().NotContainKey(code);
            (await stopped.DeliveriesInQueueAsync()).Should().ContainSingle(j => j.Payload.Contains(code) && j.State == JobState.Queued);

            (await stopped.NewWorker().RunNextAsync(Ct)).Should().BeTrue("a node that starts later delivers it");
            await stopped.Log.WaitHandledAsync(code);
            stopped.Log.Deliveries[code].Should().ContainSingle().Which.EventId.Should().Be(eventId);
        }
    }
}
