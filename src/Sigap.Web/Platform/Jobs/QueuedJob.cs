using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sigap.Web.Platform.Jobs;

public enum JobState { Queued, Running, Done, Failed, Cancelled }

/// <summary>
/// One piece of long work (a transcription, a reminder campaign) in the durable queue. Added to the caller's SigapDb,
/// so it exists exactly when the change that asks for it is committed; a <see cref="JobWorker"/> on any node claims it
/// with a lease and runs the handler registered for its <see cref="Kind"/>.
/// </summary>
public sealed class QueuedJob
{
    public Guid Id { get; set; }
    /// <summary>Which <see cref="IJobHandler"/> runs it, e.g. "meetings.transcribe".</summary>
    public string Kind { get; set; } = "";
    /// <summary>The handler's input as JSON.</summary>
    public string Payload { get; set; } = "{}";
    /// <summary>The org unit the work belongs to, so a module can list the jobs of the units a user sees.</summary>
    public int? UnitId { get; set; }
    public JobState State { get; set; }
    /// <summary>0–100, as last reported by the handler.</summary>
    public int Progress { get; set; }
    /// <summary>Runs started so far (a run cut short by a dead node counts too).</summary>
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; }
    /// <summary>The worker run that holds the job; while <see cref="LeaseUntil"/> lies in the future nobody else takes it.</summary>
    public Guid? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When a queued job may start: at once, or after its back-off following a failure.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }
    /// <summary>Set for a running job that was cancelled; its worker sees it at the next heartbeat and cancels the handler.</summary>
    public bool CancelRequested { get; set; }
}

internal sealed class QueuedJobConfiguration : IEntityTypeConfiguration<QueuedJob>
{
    public void Configure(EntityTypeBuilder<QueuedJob> e)
    {
        e.ToTable("Jobs");
        e.Property(j => j.Kind).HasMaxLength(200);
        e.Property(j => j.State).HasConversion<string>().HasMaxLength(20);
        e.Property(j => j.Error).HasMaxLength(2000);
        // A worker records a result only while it still holds the lease.
        e.Property(j => j.LeaseOwner).IsConcurrencyToken();
        e.HasIndex(j => new { j.State, j.NextAttemptAt });
        e.HasIndex(j => j.UnitId);
    }
}
