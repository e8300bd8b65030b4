namespace Sigap.Web.Platform.Messaging;

/// <summary>Sends one outbox message over one channel. One implementation is registered per channel, chosen by configuration.</summary>
public interface IMessageSender
{
    MessageChannel Channel { get; }

    /// <summary>Sends the message and returns the provider's id for it. Throws <see cref="MessageSendException"/> (or any exception, taken as transient) on failure.</summary>
    Task<string?> SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// A failed delivery. <see cref="Permanent"/> failures (the provider refused the request itself: bad number,
/// bad credentials, unknown template) are not retried: sending the same request again would fail the same way,
/// and retrying would only hammer the provider. Everything else (timeouts, 5xx, 429, network) is retried with back-off.
/// </summary>
public sealed class MessageSendException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>The channel has no provider configured: every message fails at once with a clear reason.</summary>
internal sealed class UnconfiguredSender(MessageChannel channel, string reason) : IMessageSender
{
    public MessageChannel Channel => channel;

    public Task<string?> SendAsync(OutboxMessage message, CancellationToken ct) =>
        throw new MessageSendException(reason, permanent: true);
}
