using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sigap.Web.Platform.Messaging;

public enum MessageChannel { Email, WhatsApp, Sms }

public enum OutboxStatus { Pending, Sent, Failed }

/// <summary>
/// One outgoing message. Written in the same transaction as the change that causes it, then sent by the
/// dispatcher. <see cref="IdempotencyKey"/> is unique, so enqueuing twice never sends twice.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public MessageChannel Channel { get; set; }
    public string Recipient { get; set; } = "";
    public string? Subject { get; set; }
    public string Body { get; set; } = "";
    /// <summary>Provider template name (WhatsApp Cloud API) with its parameters as JSON, when the channel needs one.</summary>
    public string? Template { get; set; }
    public string? TemplateParameters { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A dispatcher's lease: while it lies in the future, no other dispatcher takes the message.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    public Guid? LockToken { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? LastError { get; set; }
    /// <summary>What the message belongs to, e.g. "billing.bill:42", so a module can show its delivery state.</summary>
    public string? Reference { get; set; }
}

public sealed class OutboxAttempt
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset At { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public string? ProviderMessageId { get; set; }
}

internal sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxMessage>, IEntityTypeConfiguration<OutboxAttempt>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("Outbox");
        e.Property(m => m.Channel).HasConversion<string>().HasMaxLength(20);
        e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(m => m.Recipient).HasMaxLength(320);
        e.Property(m => m.Subject).HasMaxLength(300);
        e.Property(m => m.Template).HasMaxLength(100);
        e.Property(m => m.IdempotencyKey).HasMaxLength(200);
        e.Property(m => m.ProviderMessageId).HasMaxLength(200);
        e.Property(m => m.LastError).HasMaxLength(2000);
        e.Property(m => m.Reference).HasMaxLength(200);
        e.HasIndex(m => m.IdempotencyKey).IsUnique();
        // The dispatcher records a result only while it still holds the lease (no schema change: a WHERE clause).
        e.Property(m => m.LockToken).IsConcurrencyToken();
        e.HasIndex(m => new { m.Status, m.NextAttemptAt });
        e.HasIndex(m => m.Reference);
    }

    public void Configure(EntityTypeBuilder<OutboxAttempt> e)
    {
        e.ToTable("OutboxAttempts");
        e.Property(a => a.Error).HasMaxLength(2000);
        e.Property(a => a.ProviderMessageId).HasMaxLength(200);
        e.HasIndex(a => a.MessageId);
        e.HasOne<OutboxMessage>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
