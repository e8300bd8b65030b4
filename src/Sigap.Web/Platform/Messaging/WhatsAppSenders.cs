using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigap.Web.Platform.Messaging;

/// <summary>
/// Maps a provider's HTTP answer to the dispatcher's retry rule: 5xx, 408 and 429 are transient (retried with back-off);
/// any other 4xx means the request itself is wrong (bad number, token, template) and is failed at once, because repeating
/// it cannot succeed and a retry storm against a provider can get the account throttled.
/// </summary>
internal static class ProviderHttp
{
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string provider, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        if (body.Length > 500) body = body[..500];
        var status = (int)response.StatusCode;
        var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        throw new MessageSendException($"{provider} answered {status}: {body}", permanent: !transient);
    }

    public static async Task<T> SendAsync<T>(HttpClient http, HttpRequestMessage request, string provider, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, ct); }
        catch (HttpRequestException ex) { throw new MessageSendException($"{provider} unreachable: {ex.Message}", permanent: false, ex); }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested) { throw new MessageSendException($"{provider} timed out.", permanent: false, ex); }
        using (response)
        {
            await EnsureSuccessAsync(response, provider, ct);
            return await read(response);
        }
    }

    /// <summary>Recipients are stored in E.164 ("+62812…"); these gateways want the digits only ("62812…").</summary>
    public static string Digits(string e164) => new(e164.Where(char.IsDigit).ToArray());
}

/// <summary>
/// Meta WhatsApp Cloud API: <c>POST {BaseUrl}/{PhoneNumberId}/messages</c> with a bearer token. Free text is only
/// delivered inside the 24-hour customer-service window; outside it a pre-approved template is needed
/// (<see cref="OutboxMessage.Template"/>, "name" or "name:language", parameters as a JSON array of strings).
/// The Cloud API has no idempotency header; the key goes in <c>biz_opaque_callback_data</c>, which comes back on the
/// delivery webhooks so a duplicate after a crash can be recognised.
/// </summary>
internal sealed class WhatsAppCloudSender(IHttpClientFactory http, IConfiguration config) : IMessageSender
{
    public MessageChannel Channel => MessageChannel.WhatsApp;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var baseUrl = (config["WhatsApp:Cloud:BaseUrl"] is { Length: > 0 } b ? b : "https://graph.facebook.com/v21.0").TrimEnd('/');
        var phoneNumberId = config["WhatsApp:Cloud:PhoneNumberId"];
        var token = config["WhatsApp:Cloud:AccessToken"];
        if (string.IsNullOrWhiteSpace(phoneNumberId) || string.IsNullOrWhiteSpace(token))
            throw new MessageSendException("WhatsApp:Cloud:PhoneNumberId and WhatsApp:Cloud:AccessToken must be configured.", permanent: true);

        var payload = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = ProviderHttp.Digits(message.Recipient),
            ["biz_opaque_callback_data"] = message.IdempotencyKey,
        };
        if (string.IsNullOrWhiteSpace(message.Template))
        {
            payload["type"] = "text";
            payload["text"] = new JsonObject { ["preview_url"] = false, ["body"] = message.Body };
        }
        else
        {
            var parts = message.Template.Split(':', 2);
            var template = new JsonObject
            {
                ["name"] = parts[0],
                ["language"] = new JsonObject { ["code"] = parts.Length > 1 ? parts[1] : config["WhatsApp:Cloud:TemplateLanguage"] ?? "id" },
            };
            var parameters = string.IsNullOrWhiteSpace(message.TemplateParameters) ? [] : JsonSerializer.Deserialize<string[]>(message.TemplateParameters) ?? [];
            if (parameters.Length > 0)
                template["components"] = new JsonArray(new JsonObject
                {
                    ["type"] = "body",
                    ["parameters"] = new JsonArray(parameters.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p }).ToArray()),
                });
            payload["type"] = "template";
            payload["template"] = template;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/{Uri.EscapeDataString(phoneNumberId)}/messages")
        {
            Content = JsonContent.Create(payload),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await ProviderHttp.SendAsync(http.CreateClient(nameof(WhatsAppCloudSender)), request, "WhatsApp Cloud API", async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            return json?["messages"]?[0]?["id"]?.GetValue<string>()
                ?? throw new MessageSendException("WhatsApp Cloud API answered without messages[0].id.", permanent: false);
        }, ct);
    }
}

/// <summary>
/// Fonnte-style Indonesian gateway: <c>POST {BaseUrl}/send</c>, header <c>Authorization: {token}</c>, form fields
/// <c>target</c> and <c>message</c>; it answers 200 with <c>{"status": true|false, "id": [...], "reason": "..."}</c>.
/// A <c>status:false</c> answer (invalid number, disconnected device) is taken as permanent. Fonnte documents no
/// idempotency field; the key is still sent as an <c>Idempotency-Key</c> header for gateways of this style that honour one.
/// </summary>
internal sealed class FonnteSender(IHttpClientFactory http, IConfiguration config) : IMessageSender
{
    public MessageChannel Channel => MessageChannel.WhatsApp;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var baseUrl = (config["WhatsApp:Fonnte:BaseUrl"] is { Length: > 0 } b ? b : "https://api.fonnte.com").TrimEnd('/');
        var token = config["WhatsApp:Fonnte:Token"];
        if (string.IsNullOrWhiteSpace(token))
            throw new MessageSendException("WhatsApp:Fonnte:Token must be configured.", permanent: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/send")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["target"] = ProviderHttp.Digits(message.Recipient),
                ["message"] = message.Body,
                ["countryCode"] = "62",
            }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", token);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);
        return await ProviderHttp.SendAsync(http.CreateClient(nameof(FonnteSender)), request, "Fonnte", async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            if (json?["status"]?.GetValue<bool>() != true)
                throw new MessageSendException($"Fonnte refused the message: {json?["reason"]?.ToString() ?? "no reason given"}", permanent: true);
            var id = json["id"];
            return id is JsonArray { Count: > 0 } ids ? ids[0]?.ToString() : id?.ToString();
        }, ct);
    }
}

/// <summary>
/// Generic HTTP SMS gateway: <c>POST {Sms:Http:Url}</c> JSON <c>{to, message, idempotencyKey}</c> with
/// <c>Authorization: Bearer {Sms:Http:Token}</c> and an <c>Idempotency-Key</c> header; the answer's <c>id</c>, if any, is kept.
/// </summary>
internal sealed class HttpSmsSender(IHttpClientFactory http, IConfiguration config) : IMessageSender
{
    public MessageChannel Channel => MessageChannel.Sms;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var url = config["Sms:Http:Url"];
        if (string.IsNullOrWhiteSpace(url))
            throw new MessageSendException("Sms:Http:Url must be configured.", permanent: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new { to = message.Recipient, message = message.Body, idempotencyKey = message.IdempotencyKey }),
        };
        if (config["Sms:Http:Token"] is { Length: > 0 } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);
        return await ProviderHttp.SendAsync(http.CreateClient(nameof(HttpSmsSender)), request, "SMS gateway", async response =>
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            try { return JsonNode.Parse(text)?["id"]?.ToString(); }
            catch (JsonException) { return null; }
        }, ct);
    }
}

/// <summary>wa.me click-to-chat links: open a chat with a prefilled text in the user's own WhatsApp, no provider account needed.</summary>
public static class WhatsAppLinks
{
    /// <summary><c>https://wa.me/62812…?text=…</c> for an E.164 (or local Indonesian) number.</summary>
    public static string ClickToChat(string phone, string? text = null)
    {
        var e164 = Errors.Phones.ToE164(phone) ?? phone;
        var link = "https://wa.me/" + ProviderHttp.Digits(e164);
        return string.IsNullOrEmpty(text) ? link : link + "?text=" + Uri.EscapeDataString(text);
    }
}
