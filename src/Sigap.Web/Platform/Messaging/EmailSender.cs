using System.Net;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Messaging;

/// <summary>
/// E-mail through System.Net.Mail: SMTP when <c>Smtp:Host</c> is set, otherwise an <c>.eml</c> file in
/// <c>{DataFolder}/mail/</c> so a single-machine setup without a mail server still shows what would have been sent.
/// </summary>
internal sealed class EmailSender(IConfiguration config, ILogger<EmailSender> log) : IMessageSender
{
    public MessageChannel Channel => MessageChannel.Email;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var messageId = MessageId(message.IdempotencyKey);
        using var mail = new MailMessage
        {
            From = new MailAddress(config["Smtp:From"] is { Length: > 0 } from ? from : "Sigap <no-reply@sigap.local>"),
            Subject = message.Subject ?? "",
            Body = message.Body,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        try { mail.To.Add(new MailAddress(message.Recipient)); }
        catch (FormatException ex) { throw new MessageSendException($"Invalid e-mail address '{message.Recipient}'.", permanent: true, ex); }
        // Derived from the idempotency key: a resend after a crash carries the same Message-ID, so it can be recognised downstream.
        mail.Headers.Add("Message-ID", messageId);

        using var smtp = new SmtpClient();
        var host = config["Smtp:Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            var folder = Path.Combine(DatabaseSetup.DataFolder(config), "mail");
            Directory.CreateDirectory(folder);
            smtp.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            smtp.PickupDirectoryLocation = folder;
            await smtp.SendMailAsync(mail, ct);
            log.LogInformation("No Smtp:Host configured: e-mail to {Recipient} written to {Folder}.", message.Recipient, folder);
            return messageId;
        }

        smtp.Host = host;
        smtp.Port = config.GetValue("Smtp:Port", 25);
        smtp.EnableSsl = config.GetValue("Smtp:EnableSsl", false);
        smtp.Timeout = 30_000;
        if (config["Smtp:User"] is { Length: > 0 } user)
            smtp.Credentials = new NetworkCredential(user, config["Smtp:Password"]);
        try
        {
            await smtp.SendMailAsync(mail, ct);
        }
        catch (SmtpFailedRecipientException ex) when (ex.StatusCode is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed or SmtpStatusCode.UserNotLocalTryAlternatePath)
        {
            throw new MessageSendException($"The mail server refused the recipient: {ex.Message}", permanent: true, ex);
        }
        return messageId;
    }

    /// <summary>A Message-ID that is a pure function of the idempotency key (hashed: keys may hold characters a header cannot).</summary>
    public static string MessageId(string idempotencyKey) =>
        $"<{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32]}@sigap.outbox>";
}
