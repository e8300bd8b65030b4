using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Messaging;

namespace Sigap.Tests.Platform.Messaging;

/// <summary>
/// The app with WhatsApp Cloud API and the HTTP SMS gateway pointed at loopback servers, 3 attempts, the default
/// back-off (30 s, then 60 s). No background dispatcher: the tests run the passes and move the clock themselves.
/// </summary>
public sealed class CloudProviderApp : SigapFactory
{
    public FakeProviders Providers { get; } = new();
    protected override bool Demo => false;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["WhatsApp:Provider"] = "Cloud";
        settings["WhatsApp:Cloud:BaseUrl"] = Providers.BaseUrl;
        settings["WhatsApp:Cloud:PhoneNumberId"] = FakeProviders.PhoneNumberId;
        settings["WhatsApp:Cloud:AccessToken"] = FakeProviders.CloudToken;
        settings["Sms:Provider"] = "Http";
        settings["Sms:Http:Url"] = Providers.BaseUrl + "/sms";
        settings["Sms:Http:Token"] = FakeProviders.SmsToken;
        settings["Messaging:MaxAttempts"] = "3";
        settings["Messaging:Enabled"] = "false";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Providers.DisposeAsync();
    }
}

public sealed class WhatsAppOutboxTests(CloudProviderApp app) : IClassFixture<CloudProviderApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewPhone() => "+628" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);

    private OutboxDispatcher Dispatcher => app.Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>One dispatch pass at the clock's current time, then the message and its attempts as stored.</summary>
    private async Task<(OutboxMessage Message, List<OutboxAttempt> Attempts)> DispatchAsync(Guid id)
    {
        await Dispatcher.DispatchOnceAsync(Ct);
        return await app.WithDbAsync(async db => (
            await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id, Ct),
            await db.OutboxAttempts.AsNoTracking().Where(a => a.MessageId == id).OrderBy(a => a.Number).ToListAsync(Ct)));
    }

    private async Task<Guid> EnqueueAsync(Func<Outbox, Web.Platform.Persistence.SigapDb, OutboxMessage> add)
    {
        var outbox = app.Services.GetRequiredService<Outbox>();
        return await app.WithDbAsync(async db =>
        {
            var m = add(outbox, db);
            await db.SaveChangesAsync(Ct);
            return m.Id;
        });
    }

    [Fact]
    public async Task Text_message_is_posted_with_bearer_token_and_json_shape_and_the_wamid_is_kept()
    {
        var phone = NewPhone();
        var key = $"test.wa:{Guid.NewGuid():N}";
        var id = await EnqueueAsync((o, db) => o.WhatsApp(db, phone, "Tagihan Anda Rp 150.000 jatuh tempo.", key));

        var (message, attempts) = await DispatchAsync(id);
        message.Status.Should().Be(OutboxStatus.Sent);
        message.ProviderMessageId.Should().StartWith("wamid.X");
        attempts.Should().ContainSingle().Which.ProviderMessageId.Should().Be(message.ProviderMessageId);

        var request = app.Providers.ReceivedFor(r => r.Json?["to"]?.ToString() == phone[1..]).Should().ContainSingle().Subject;
        request.Path.Should().Be($"/{FakeProviders.PhoneNumberId}/messages");
        request.Authorization.Should().Be($"Bearer {FakeProviders.CloudToken}");
        request.Json!["messaging_product"]!.ToString().Should().Be("whatsapp");
        request.Json["type"]!.ToString().Should().Be("text");
        request.Json["text"]!["body"]!.ToString().Should().Be("Tagihan Anda Rp 150.000 jatuh tempo.");
        request.Json["biz_opaque_callback_data"]!.ToString().Should().Be(key);
    }

    [Fact]
    public async Task Template_message_carries_name_language_and_body_parameters()
    {
        var phone = NewPhone();
        var id = await EnqueueAsync((o, db) => o.WhatsApp(db, phone, "Pengingat tagihan", $"test.tpl:{Guid.NewGuid():N}",
            template: "payment_reminder:id", templateParametersJson: """["Budi","Rp 150.000"]"""));

        var (message, _) = await DispatchAsync(id);
        message.Status.Should().Be(OutboxStatus.Sent);
        var json = app.Providers.ReceivedFor(r => r.Json?["to"]?.ToString() == phone[1..]).Single().Json!;
        json["type"]!.ToString().Should().Be("template");
        json["template"]!["name"]!.ToString().Should().Be("payment_reminder");
        json["template"]!["language"]!["code"]!.ToString().Should().Be("id");
        var parameters = json["template"]!["components"]![0]!["parameters"]!.AsArray();
        parameters.Select(p => p!["text"]!.ToString()).Should().Equal("Budi", "Rp 150.000");
    }

    [Fact]
    public async Task Server_errors_are_retried_with_back_off_until_the_send_succeeds()
    {
        var phone = NewPhone();
        app.Providers.FailFor(phone[1..], times: 2, status: 500);
        var id = await EnqueueAsync((o, db) => o.WhatsApp(db, phone, "Coba lagi", $"test.retry:{Guid.NewGuid():N}"));
        var start = app.Clock.GetUtcNow();

        (await DispatchAsync(id)).Message.Attempts.Should().Be(1);
        // Back-off: not again before 30 s after the first failure…
        app.Clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        (await DispatchAsync(id)).Message.Attempts.Should().Be(1);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        (await DispatchAsync(id)).Message.Attempts.Should().Be(2);
        // …and 60 s after the second.
        app.Clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));
        (await DispatchAsync(id)).Message.Attempts.Should().Be(2);
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var (message, attempts) = await DispatchAsync(id);

        message.Status.Should().Be(OutboxStatus.Sent);
        message.Attempts.Should().Be(3);
        message.ProviderMessageId.Should().StartWith("wamid.X");
        attempts.Select(a => a.Succeeded).Should().Equal(false, false, true);
        attempts[0].Error.Should().Contain("500");
        attempts.Select(a => a.At - start).Should().Equal(TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));
        app.Providers.ReceivedFor(r => r.Json?["to"]?.ToString() == phone[1..]).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_marked_failed_after_max_attempts()
    {
        var phone = NewPhone();
        app.Providers.FailFor(phone[1..], times: 100, status: 503);
        var id = await EnqueueAsync((o, db) => o.WhatsApp(db, phone, "Selalu gagal", $"test.fail:{Guid.NewGuid():N}"));

        await DispatchAsync(id);
        app.Clock.Advance(Dispatcher.Backoff(1));
        await DispatchAsync(id);
        app.Clock.Advance(Dispatcher.Backoff(2));
        var (message, attempts) = await DispatchAsync(id);
        message.Status.Should().Be(OutboxStatus.Failed);
        message.Attempts.Should().Be(3);
        message.LastError.Should().Contain("503");
        attempts.Should().HaveCount(3).And.OnlyContain(a => !a.Succeeded);
        // Nothing more is sent once it has failed, however long one waits.
        app.Clock.Advance(TimeSpan.FromDays(1));
        await Dispatcher.DispatchOnceAsync(Ct);
        app.Providers.ReceivedFor(r => r.Json?["to"]?.ToString() == phone[1..]).Should().HaveCount(3);
    }

    [Fact]
    public async Task A_client_error_from_the_provider_fails_at_once_without_retries()
    {
        var phone = NewPhone();
        app.Providers.FailFor(phone[1..], times: 100, status: 400);
        var id = await EnqueueAsync((o, db) => o.WhatsApp(db, phone, "Nomor salah", $"test.400:{Guid.NewGuid():N}"));

        var (message, attempts) = await DispatchAsync(id);
        message.Status.Should().Be(OutboxStatus.Failed);
        message.Attempts.Should().Be(1);
        message.LastError.Should().Contain("400");
        attempts.Should().ContainSingle();
    }

    [Fact]
    public async Task Sms_goes_to_the_http_gateway_with_token_json_and_idempotency_key()
    {
        var phone = NewPhone();
        var key = $"test.sms:{Guid.NewGuid():N}";
        var id = await EnqueueAsync((o, db) => o.Sms(db, phone, "Kode Anda 654321", key));

        var (message, _) = await DispatchAsync(id);
        message.Status.Should().Be(OutboxStatus.Sent);
        message.ProviderMessageId.Should().StartWith("sms-");
        var request = app.Providers.ReceivedFor(r => r.Path == "/sms" && r.Json?["to"]?.ToString() == phone).Should().ContainSingle().Subject;
        request.Authorization.Should().Be($"Bearer {FakeProviders.SmsToken}");
        request.IdempotencyKey.Should().Be(key);
        request.Json!["message"]!.ToString().Should().Be("Kode Anda 654321");
    }

    [Fact]
    public void Back_off_doubles_from_the_base_and_is_capped()
    {
        Dispatcher.Backoff(1).Should().Be(TimeSpan.FromSeconds(30));
        Dispatcher.Backoff(2).Should().Be(TimeSpan.FromMinutes(1));
        Dispatcher.Backoff(3).Should().Be(TimeSpan.FromMinutes(2));
        Dispatcher.Backoff(40).Should().Be(TimeSpan.FromHours(1));
    }
}

public sealed class FonnteProviderApp : SigapFactory
{
    public FakeProviders Providers { get; } = new();
    protected override bool Demo => false;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["WhatsApp:Provider"] = "Fonnte";
        settings["WhatsApp:Fonnte:BaseUrl"] = Providers.BaseUrl;
        settings["WhatsApp:Fonnte:Token"] = FakeProviders.FonnteToken;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Providers.DisposeAsync();
    }
}

public sealed class FonnteOutboxTests(FonnteProviderApp app) : IClassFixture<FonnteProviderApp>
{
    [Fact]
    public async Task Fonnte_gets_target_and_message_as_form_fields_with_the_token_header()
    {
        var ct = TestContext.Current.CancellationToken;
        var phone = "+628" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        var outbox = app.Services.GetRequiredService<Outbox>();
        var id = await app.WithDbAsync(async db =>
        {
            var m = outbox.WhatsApp(db, phone, "Laporan Anda diterima ✓", $"test.fonnte:{Guid.NewGuid():N}");
            await db.SaveChangesAsync(ct);
            return m.Id;
        });
        var (message, _) = await OutboxWait.UntilAsync(app, id, m => m.Status != OutboxStatus.Pending);
        message.Status.Should().Be(OutboxStatus.Sent);
        message.ProviderMessageId.Should().NotBeNullOrEmpty();
        var request = app.Providers.ReceivedFor(r => r.Path == "/send" && r.Form.GetValueOrDefault("target") == phone[1..]).Should().ContainSingle().Subject;
        request.Authorization.Should().Be(FakeProviders.FonnteToken);
        request.Form["message"].Should().Be("Laporan Anda diterima ✓");
    }
}

public sealed class WhatsAppWithoutProviderTests(DemoApp app)
{
    [Fact]
    public async Task Without_a_provider_a_whatsapp_message_fails_at_once_with_a_clear_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var outbox = app.Services.GetRequiredService<Outbox>();
        var id = await app.WithDbAsync(async db =>
        {
            var m = outbox.WhatsApp(db, "+6281234567890", "Halo", $"test.none:{Guid.NewGuid():N}");
            await db.SaveChangesAsync(ct);
            return m.Id;
        });
        var (message, attempts) = await OutboxWait.UntilAsync(app, id, m => m.Status != OutboxStatus.Pending);
        message.Status.Should().Be(OutboxStatus.Failed);
        message.LastError.Should().Contain("No WhatsApp provider configured");
        attempts.Should().ContainSingle();
    }

    [Theory]
    [InlineData("+6281234567890", "Halo Budi & tim", "https://wa.me/6281234567890?text=Halo%20Budi%20%26%20tim")]
    [InlineData("081234567890", null, "https://wa.me/6281234567890")]
    public void Click_to_chat_link_uses_the_digits_and_an_encoded_text(string phone, string? text, string expected) =>
        WhatsAppLinks.ClickToChat(phone, text).Should().Be(expected);
}
