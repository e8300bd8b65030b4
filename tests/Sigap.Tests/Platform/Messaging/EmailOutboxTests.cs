using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Messaging;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Platform.Messaging;

public sealed class EmailOutboxTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Email_enqueued_in_a_transaction_is_sent_once_with_subject_body_and_an_attempt_row()
    {
        var to = $"mail-{Guid.NewGuid():N}@example.com";
        var key = $"test.email:{Guid.NewGuid():N}";
        var outbox = app.Services.GetRequiredService<Outbox>();
        Guid id = default;
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            id = outbox.Email(db, to, "Kode verifikasi — Sigap ✓", "Halo, kode Anda 123456. Terima kasih ✓", key).Id;
            await db.SaveChangesAsync(Ct);
            await tx.CommitAsync(Ct);
        });

        var mail = await app.Mail.WaitForAsync(to);
        mail.Subject.Should().Be("Kode verifikasi — Sigap ✓");
        mail.Body.Should().Contain("Halo, kode Anda 123456. Terima kasih ✓");
        mail.Raw.Should().Contain(EmailSender.MessageId(key));

        var (message, attempts) = await WaitSentAsync(id);
        message.Status.Should().Be(OutboxStatus.Sent);
        message.SentAt.Should().NotBeNull();
        message.ProviderMessageId.Should().Be(EmailSender.MessageId(key));
        message.LockedUntil.Should().BeNull();
        attempts.Should().ContainSingle().Which.Succeeded.Should().BeTrue();

        // Later passes do not send it again.
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(Ct);
        app.Mail.CountTo(to).Should().Be(1);
    }

    [Fact]
    public async Task Email_in_a_rolled_back_transaction_is_never_sent()
    {
        var to = $"rollback-{Guid.NewGuid():N}@example.com";
        var outbox = app.Services.GetRequiredService<Outbox>();
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            outbox.Email(db, to, "Tidak terkirim", "Tidak terkirim", $"test.rollback:{Guid.NewGuid():N}");
            await db.SaveChangesAsync(Ct);
            await tx.RollbackAsync(Ct);
        });
        // A marker sent afterwards proves the dispatcher has run passes since the rollback.
        var marker = $"marker-{Guid.NewGuid():N}@example.com";
        await app.WithDbAsync(async db =>
        {
            outbox.Email(db, marker, "Penanda", "Penanda", $"test.marker:{Guid.NewGuid():N}");
            await db.SaveChangesAsync(Ct);
        });
        await app.Mail.WaitForAsync(marker);
        app.Mail.CountTo(to).Should().Be(0);
        (await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == to, Ct))).Should().Be(0);
    }

    [Fact]
    public async Task Enqueuing_the_same_idempotency_key_twice_fails_the_second_save_and_sends_once()
    {
        var to = $"idem-{Guid.NewGuid():N}@example.com";
        var key = $"test.idem:{Guid.NewGuid():N}";
        var outbox = app.Services.GetRequiredService<Outbox>();
        await app.WithDbAsync(async db =>
        {
            outbox.Email(db, to, "Satu", "Pertama", key);
            await db.SaveChangesAsync(Ct);
        });
        var second = async () => await app.WithDbAsync(async db =>
        {
            outbox.Email(db, to, "Dua", "Kedua", key);
            await db.SaveChangesAsync(Ct);
        });
        await second.Should().ThrowAsync<DbUpdateException>();

        await app.Mail.WaitForAsync(to);
        var id = await app.WithDbAsync(db => db.Outbox.Where(m => m.IdempotencyKey == key).Select(m => m.Id).SingleAsync(Ct));
        await WaitSentAsync(id);
        app.Mail.CountTo(to).Should().Be(1);
        app.Mail.Mails.Single(m => m.To.Contains(to)).Subject.Should().Be("Satu");
    }

    private Task<(OutboxMessage Message, List<OutboxAttempt> Attempts)> WaitSentAsync(Guid id) => OutboxWait.UntilAsync(app, id, m => m.Status != OutboxStatus.Pending);
}

internal static class OutboxWait
{
    /// <summary>Waits until <paramref name="done"/> holds for the message, re-reading it after each save of the app (the dispatcher works in the background).</summary>
    public static async Task<(OutboxMessage Message, List<OutboxAttempt> Attempts)> UntilAsync(SigapFactory app, Guid id, Func<OutboxMessage, bool> done)
    {
        OutboxMessage? last = null;
        var result = await app.Saves.Saved.UntilAsync(() => app.WithDbAsync(async db =>
        {
            last = await db.Outbox.AsNoTracking().SingleAsync(x => x.Id == id);
            if (!done(last)) return null;
            return Tuple.Create(last, await db.OutboxAttempts.AsNoTracking().Where(x => x.MessageId == id).OrderBy(x => x.Number).ToListAsync());
        }), () => $"outbox message {id} stayed {last?.Status} after {last?.Attempts} attempt(s): {last?.LastError}");
        return (result.Item1, result.Item2);
    }
}

/// <summary>No background dispatcher: tests drive passes themselves.</summary>
public sealed class ManualDispatchApp : SigapFactory
{
    protected override bool Demo => false;
    protected override void Configure(IDictionary<string, string?> settings) => settings["Messaging:Enabled"] = "false";
}

public sealed class DispatcherClaimTests : IClassFixture<ManualDispatchApp>
{
    private readonly ManualDispatchApp _app;
    public DispatcherClaimTests(ManualDispatchApp app) => _app = app;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_dispatch_passes_racing_over_the_same_rows_send_each_message_once()
    {
        var outbox = _app.Services.GetRequiredService<Outbox>();
        var batch = Guid.NewGuid().ToString("N");
        var recipients = Enumerable.Range(0, 12).Select(i => $"race{i}-{batch}@example.com").ToList();
        await _app.WithDbAsync(async db =>
        {
            foreach (var r in recipients) outbox.Email(db, r, "Balapan", "Satu kali saja", $"test.race:{r}");
            await db.SaveChangesAsync(Ct);
        });

        var dispatcher = _app.Services.GetRequiredService<OutboxDispatcher>();
        await Task.WhenAll(Task.Run(() => dispatcher.DispatchOnceAsync(Ct), Ct), Task.Run(() => dispatcher.DispatchOnceAsync(Ct), Ct));

        foreach (var r in recipients) _app.Mail.CountTo(r).Should().Be(1, r);
        var rows = await _app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Body == "Satu kali saja" && m.Recipient.EndsWith(batch + "@example.com")).ToListAsync(Ct));
        rows.Should().HaveCount(12).And.OnlyContain(m => m.Status == OutboxStatus.Sent && m.Attempts == 1);
        var attempts = await _app.WithDbAsync(db => db.OutboxAttempts.CountAsync(a => rows.Select(r => r.Id).Contains(a.MessageId), Ct));
        attempts.Should().Be(12);
    }

    [Fact]
    public async Task A_message_whose_lease_expired_after_a_crash_is_sent_by_the_next_pass()
    {
        var to = $"crash-{Guid.NewGuid():N}@example.com";
        var outbox = _app.Services.GetRequiredService<Outbox>();
        var clock = _app.Services.GetRequiredService<TimeProvider>();
        Guid id = default;
        await _app.WithDbAsync(async db =>
        {
            var m = outbox.Email(db, to, "Setelah crash", "Tetap terkirim", $"test.crash:{to}");
            // As a node that claimed it and died: a lease that has run out, and one that has not.
            m.LockToken = Guid.NewGuid();
            m.LockedUntil = clock.GetUtcNow().AddMinutes(5);
            id = m.Id;
            await db.SaveChangesAsync(Ct);
        });
        var dispatcher = _app.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.DispatchOnceAsync(Ct);
        _app.Mail.CountTo(to).Should().Be(0, "the lease is still held");

        await _app.WithDbAsync(db => db.Outbox.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, clock.GetUtcNow().AddSeconds(-1)), Ct));
        await dispatcher.DispatchOnceAsync(Ct);
        _app.Mail.CountTo(to).Should().Be(1);
    }
}

public sealed class PickupFolderApp : SigapFactory
{
    protected override bool Demo => false;
    protected override void Configure(IDictionary<string, string?> settings) => settings["Smtp:Host"] = "";
}

public sealed class EmailPickupFolderTests(PickupFolderApp app) : IClassFixture<PickupFolderApp>
{
    [Fact]
    public async Task Without_an_smtp_host_the_mail_is_written_as_an_eml_file_in_the_data_folder()
    {
        var ct = TestContext.Current.CancellationToken;
        var to = $"eml-{Guid.NewGuid():N}@example.com";
        var outbox = app.Services.GetRequiredService<Outbox>();
        Guid id = default;
        await app.WithDbAsync(async db =>
        {
            id = outbox.Email(db, to, "Berkas eml", "Isi pesan", $"test.eml:{to}").Id;
            await db.SaveChangesAsync(ct);
        });
        var (message, _) = await OutboxWait.UntilAsync(app, id, m => m.Status != OutboxStatus.Pending);
        message.Status.Should().Be(OutboxStatus.Sent);

        var folder = Path.Combine(app.DataFolder, "mail");
        var files = Directory.GetFiles(folder, "*.eml").Where(f => File.ReadAllText(f).Contains(to)).ToList();
        files.Should().ContainSingle();
        File.ReadAllText(files[0]).Should().Contain(EmailSender.MessageId($"test.eml:{to}"));
        app.Mail.CountTo(to).Should().Be(0);
    }
}

public sealed class OutboxSignalTests
{
    [Fact]
    public async Task The_dispatchers_wait_ends_when_the_apps_clock_passes_the_poll_interval_or_on_a_pulse()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var signal = new OutboxSignal();

        var polled = signal.WaitAsync(TimeSpan.FromSeconds(2), clock, ct);
        clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        polled.IsCompleted.Should().BeFalse("the machine's clock does not count, only the app's");
        clock.Advance(TimeSpan.FromTicks(1));
        await polled.WaitAsync(TimeSpan.FromSeconds(30), ct); // a hang guard, not a timing

        var pulsed = signal.WaitAsync(TimeSpan.FromSeconds(2), clock, ct);
        signal.Pulse();
        await pulsed.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }
}
