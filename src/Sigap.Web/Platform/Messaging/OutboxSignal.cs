using Sigap.Web.Platform.Jobs;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Messaging;

/// <summary>Wakes the dispatcher early when this node has just committed outbox rows, so messages leave without waiting for the next poll.</summary>
public sealed class OutboxSignal : WorkerSignal;

/// <summary>Pulses <see cref="OutboxSignal"/> once outbox rows are committed, so they leave without waiting for the next poll.</summary>
internal sealed class OutboxSaveInterceptor(OutboxSignal signal) : AfterCommitInterceptor<OutboxMessage>
{
    protected override void OnCommitted(IReadOnlyList<OutboxMessage> committed) => signal.Pulse();
}
