using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Messaging;

/// <summary>
/// Puts messages in the outbox table of the caller's DbContext: they are committed with the caller's change
/// and sent afterwards by the dispatcher. The idempotency key makes a repeated enqueue a no-op at the database.
/// </summary>
public sealed class Outbox(TimeProvider clock)
{
    public OutboxMessage Email(SigapDb db, string to, string subject, string body, string idempotencyKey, string? reference = null) =>
        Add(db, MessageChannel.Email, to, subject, body, idempotencyKey, reference);

    public OutboxMessage WhatsApp(SigapDb db, string toE164, string body, string idempotencyKey, string? reference = null,
        string? template = null, string? templateParametersJson = null)
    {
        var message = Add(db, MessageChannel.WhatsApp, toE164, null, body, idempotencyKey, reference);
        message.Template = template;
        message.TemplateParameters = templateParametersJson;
        return message;
    }

    public OutboxMessage Sms(SigapDb db, string toE164, string body, string idempotencyKey, string? reference = null) =>
        Add(db, MessageChannel.Sms, toE164, null, body, idempotencyKey, reference);

    private OutboxMessage Add(SigapDb db, MessageChannel channel, string to, string? subject, string body, string key, string? reference)
    {
        var now = clock.GetUtcNow();
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            Channel = channel,
            Recipient = to,
            Subject = subject,
            Body = body,
            IdempotencyKey = key,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
            Reference = reference,
        };
        db.Outbox.Add(message);
        return message;
    }
}
