using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sigap.Tests.Platform.Messaging;

/// <summary>
/// A real HTTP server on loopback that speaks the documented protocols of the WhatsApp Cloud API
/// (POST /{phoneNumberId}/messages, bearer token, JSON; answers {"messages":[{"id":"wamid…"}]}), a Fonnte-style gateway
/// (POST /send, Authorization header, form fields target/message; answers {"status":true,"id":[…]}) and a generic SMS
/// gateway (POST /sms, JSON {to, message}). It can be told to fail for a recipient first.
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    public const string PhoneNumberId = "109876543210";
    public const string CloudToken = "cloud-test-token";
    public const string FonnteToken = "fonnte-test-token";
    public const string SmsToken = "sms-test-token";

    public sealed record Received(string Path, string? Authorization, string? IdempotencyKey, string Body, JsonNode? Json, IReadOnlyDictionary<string, string> Form);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentDictionary<string, (int Remaining, int Status)> _failures = new();
    private int _ids;

    public FakeProviders()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{phoneNumberId}/messages", async (string phoneNumberId, HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var json = JsonNode.Parse(body);
            var to = json?["to"]?.ToString() ?? "";
            _received.Enqueue(new("/" + phoneNumberId + "/messages", http.Request.Headers.Authorization, null, body, json, new Dictionary<string, string>()));
            if (http.Request.Headers.Authorization != $"Bearer {CloudToken}")
                return Results.Json(new { error = new { message = "Invalid OAuth access token.", code = 190 } }, statusCode: 401);
            if (phoneNumberId != PhoneNumberId || json?["messaging_product"]?.ToString() != "whatsapp" || json["type"] is null)
                return Results.Json(new { error = new { message = "Invalid parameter", code = 100 } }, statusCode: 400);
            if (Fail(to) is { } status) return Results.Json(new { error = new { message = "Simulated failure", code = 1 } }, statusCode: status);
            return Results.Json(new { messaging_product = "whatsapp", contacts = new[] { new { input = to, wa_id = to } }, messages = new[] { new { id = $"wamid.X{Interlocked.Increment(ref _ids)}" } } });
        });
        _app.MapPost("/send", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            _received.Enqueue(new("/send", http.Request.Headers.Authorization, http.Request.Headers["Idempotency-Key"], "", null, fields));
            if (http.Request.Headers.Authorization != FonnteToken) return Results.Json(new { status = false, reason = "invalid token" });
            if (Fail(fields.GetValueOrDefault("target", "")) is { } status) return Results.Json(new { status = false, reason = "simulated" }, statusCode: status);
            return Results.Json(new { status = true, id = new[] { $"{Interlocked.Increment(ref _ids)}" }, target = new[] { fields["target"] } });
        });
        _app.MapPost("/sms", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var json = JsonNode.Parse(body);
            _received.Enqueue(new("/sms", http.Request.Headers.Authorization, http.Request.Headers["Idempotency-Key"], body, json, new Dictionary<string, string>()));
            if (http.Request.Headers.Authorization != $"Bearer {SmsToken}") return Results.StatusCode(401);
            return Results.Json(new { id = $"sms-{Interlocked.Increment(ref _ids)}" });
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public string BaseUrl { get; }

    public IReadOnlyList<Received> ReceivedFor(Func<Received, bool> match) => _received.Where(match).ToList();

    /// <summary>The next <paramref name="times"/> requests for <paramref name="target"/> (digits) answer <paramref name="status"/>.</summary>
    public void FailFor(string target, int times, int status) => _failures[target] = (times, status);

    private int? Fail(string target)
    {
        while (_failures.TryGetValue(target, out var f) && f.Remaining > 0)
            if (_failures.TryUpdate(target, (f.Remaining - 1, f.Status), f)) return f.Status;
        return null;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
