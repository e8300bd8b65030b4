using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Notifications;

namespace Sigap.Tests.Platform.Notifications;

public sealed class NotificationsTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Count(int count);

    private async Task<Guid> NotifyAsync(Guid userId, string title, string? body = null, string? link = null)
    {
        var notifier = app.Services.GetRequiredService<Notifier>();
        return await app.WithDbAsync(async db =>
        {
            var n = notifier.Notify(db, userId, title, body, link);
            await db.SaveChangesAsync(Ct);
            return n.Id;
        });
    }

    [Fact]
    public async Task Notify_counts_as_unread_until_read()
    {
        var (client, userId) = await SignedInClients.ForNewUserAsync(app);
        using var _ = client;
        var id = await NotifyAsync(userId, "Laporan baru disetujui", "Anggaran Oktober disetujui.", "/budget/reports/12");

        (await client.GetFromJsonAsync<Count>("/api/notifications/unread-count", Ct))!.count.Should().Be(1);
        var page = (await client.GetFromJsonAsync<NotificationPage>("/api/notifications?unreadOnly=true", SigapFactory.Json, Ct))!;
        page.Items.Should().ContainSingle().Which.Should().Match<NotificationItem>(n =>
            n.Id == id && n.Title == "Laporan baru disetujui" && n.Link == "/budget/reports/12" && n.ReadAt == null);

        (await client.PostAsync($"/api/notifications/{id}/read", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetFromJsonAsync<Count>("/api/notifications/unread-count", Ct))!.count.Should().Be(0);
        (await client.GetFromJsonAsync<NotificationPage>("/api/notifications?unreadOnly=true", SigapFactory.Json, Ct))!.Items.Should().BeEmpty();
        var all = (await client.GetFromJsonAsync<NotificationPage>("/api/notifications", SigapFactory.Json, Ct))!;
        all.Items.Should().ContainSingle().Which.ReadAt.Should().NotBeNull();
        // Reading again is harmless.
        (await client.PostAsync($"/api/notifications/{id}/read", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Another_users_notification_answers_404_and_stays_unread()
    {
        var (owner, ownerId) = await SignedInClients.ForNewUserAsync(app);
        var (other, _) = await SignedInClients.ForNewUserAsync(app);
        using var a = owner;
        using var b = other;
        var id = await NotifyAsync(ownerId, "Pribadi");

        (await other.PostAsync($"/api/notifications/{id}/read", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsync($"/api/notifications/{Guid.NewGuid()}/read", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetFromJsonAsync<NotificationPage>("/api/notifications", SigapFactory.Json, Ct))!.Items.Should().BeEmpty();
        (await other.PostAsync("/api/notifications/read-all", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.GetFromJsonAsync<Count>("/api/notifications/unread-count", Ct))!.count.Should().Be(1);
    }

    [Fact]
    public async Task Read_all_and_paging_work_on_the_callers_notifications()
    {
        var (client, userId) = await SignedInClients.ForNewUserAsync(app);
        using var _ = client;
        for (var i = 1; i <= 3; i++) await NotifyAsync(userId, $"Tiket {i}");

        var first = (await client.GetFromJsonAsync<NotificationPage>("/api/notifications?page=1&pageSize=2", SigapFactory.Json, Ct))!;
        first.Total.Should().Be(3);
        first.Unread.Should().Be(3);
        first.Items.Select(n => n.Title).Should().Equal("Tiket 3", "Tiket 2");
        var second = (await client.GetFromJsonAsync<NotificationPage>("/api/notifications?page=2&pageSize=2", SigapFactory.Json, Ct))!;
        second.Items.Select(n => n.Title).Should().Equal("Tiket 1");
        (await client.GetAsync("/api/notifications?pageSize=1000", Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await client.PostAsync("/api/notifications/read-all", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetFromJsonAsync<Count>("/api/notifications/unread-count", Ct))!.count.Should().Be(0);
    }

    [Fact]
    public async Task The_api_needs_a_signed_in_user()
    {
        using var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/notifications/unread-count", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_hub_hears_a_notification_after_it_is_committed_and_never_one_that_was_rolled_back()
    {
        var (client, userId) = await SignedInClients.ForNewUserAsync(app);
        client.Dispose();
        var hub = app.Services.GetRequiredService<NotificationHub>();
        var notifier = app.Services.GetRequiredService<Notifier>();
        var heard = Channel.CreateUnbounded<NotificationEvent>();
        using var subscription = hub.Subscribe(userId, e => heard.Writer.WriteAsync(e).AsTask());

        // Rolled back: saved inside a transaction that is then abandoned.
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            notifier.Notify(db, userId, "Dibatalkan");
            await db.SaveChangesAsync(Ct);
            heard.Reader.TryRead(out var early).Should().BeFalse("nothing is published before the commit");
            await tx.RollbackAsync(Ct);
        });
        // A failed save (unknown user: foreign key violation) publishes nothing either.
        var failing = async () => await app.WithDbAsync(async db =>
        {
            notifier.Notify(db, Guid.NewGuid(), "Gagal");
            await db.SaveChangesAsync(Ct);
        });
        await failing.Should().ThrowAsync<DbUpdateException>();

        // Committed: inside a transaction, heard only after the commit.
        Guid committedId = default;
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            committedId = notifier.Notify(db, userId, "Disimpan", "Isi", "/helpdesk/reports/7").Id;
            await db.SaveChangesAsync(Ct);
            heard.Reader.TryRead(out _).Should().BeFalse("the transaction has not committed yet");
            await tx.CommitAsync(Ct);
        });
        // And without an explicit transaction, right after SaveChanges.
        var plainId = await NotifyAsync(userId, "Langsung");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var first = await heard.Reader.ReadAsync(timeout.Token);
        var second = await heard.Reader.ReadAsync(timeout.Token);
        first.Item!.Id.Should().Be(committedId);
        first.Item.Title.Should().Be("Disimpan");
        first.Change.Should().Be(NotificationChange.Added);
        second.Item!.Id.Should().Be(plainId);
        heard.Reader.TryRead(out _).Should().BeFalse("the rolled back and the failed notifications were never published");
    }

    [Fact]
    public void Links_must_stay_inside_the_app()
    {
        var notifier = app.Services.GetRequiredService<Notifier>();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Sigap.Web.Platform.Persistence.SigapDb>();
        foreach (var link in new[] { "https://evil.example", "//evil.example", "javascript:alert(1)" })
            FluentActions.Invoking(() => notifier.Notify(db, Guid.NewGuid(), "x", null, link)).Should().Throw<ArgumentException>();
    }
}
