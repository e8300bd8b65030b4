using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Sigap.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback for tests: it speaks the conversation System.Net.Mail uses
/// (EHLO, MAIL FROM, RCPT TO, DATA, QUIT) and keeps each message it receives.
/// </summary>
public sealed partial class MailCatcher : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private readonly Pulse _received = new();
    private readonly Task _loop;

    public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Subject, string Body, string Raw);

    public MailCatcher()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public IReadOnlyCollection<ReceivedMail> Mails => _mails.ToArray();

    /// <summary>Waits until a mail to <paramref name="recipient"/> matching <paramref name="predicate"/> arrives (the dispatcher sends in the background).</summary>
    public Task<ReceivedMail> WaitForAsync(string recipient, Func<ReceivedMail, bool>? predicate = null, int skip = 0) =>
        _received.UntilAsync(
            () => _mails.Where(m => m.To.Any(t => t.Equals(recipient, StringComparison.OrdinalIgnoreCase)) && (predicate?.Invoke(m) ?? true)).Skip(skip).FirstOrDefault(),
            () => $"no mail to {recipient} arrived. Received: {string.Join(", ", _mails.Select(m => string.Join(";", m.To) + ": " + m.Subject))}");

    /// <summary>The 6-digit code in the newest mail to <paramref name="recipient"/> after <paramref name="skip"/> earlier ones.</summary>
    public async Task<string> WaitForCodeAsync(string recipient, int skip = 0)
    {
        var mail = await WaitForAsync(recipient, m => SixDigits().IsMatch(m.Body), skip);
        return SixDigits().Match(mail.Body).Value;
    }

    public int CountTo(string recipient) => _mails.Count(m => m.To.Any(t => t.Equals(recipient, StringComparison.OrdinalIgnoreCase)));

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost Sigap test SMTP");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-localhost");
                    await writer.WriteLineAsync("250-8BITMIME");
                    await writer.WriteLineAsync("250 SMTPUTF8");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "MAIL":
                    from = Address(line);
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var raw = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        raw.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    _mails.Enqueue(Parse(from, to.ToList(), raw.ToString()));
                    _received.Fire();
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>');
        return start >= 0 && end > start ? line[(start + 1)..end] : line.Split(':', 2)[^1].Trim();
    }

    private static ReceivedMail Parse(string from, List<string> to, string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = split >= 0 ? raw[..split] : raw;
        var body = split >= 0 ? raw[(split + 4)..] : "";
        var headers = Regex.Replace(headerText, "\r\n[ \t]+", " ").Split("\r\n")
            .Select(h => h.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var encoding = headers.GetValueOrDefault("Content-Transfer-Encoding", "");
        if (encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
            body = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))));
        else if (encoding.Equals("quoted-printable", StringComparison.OrdinalIgnoreCase))
            body = DecodeQuotedPrintable(body);
        var subject = DecodeHeader(headers.GetValueOrDefault("Subject", ""));
        return new ReceivedMail(from, to, subject, body, raw);
    }

    private static string DecodeQuotedPrintable(string text)
    {
        text = text.Replace("=\r\n", "");
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>RFC 2047 encoded words (=?utf-8?B?...?= and =?utf-8?Q?...?=).</summary>
    private static string DecodeHeader(string value) =>
        EncodedWord().Replace(value, m => m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
            : DecodeQuotedPrintable(m.Groups[3].Value.Replace('_', ' '))).Replace("?= =?", "");

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch { /* stopping */ }
    }
}
