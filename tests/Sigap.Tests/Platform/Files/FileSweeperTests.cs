using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Files;

namespace Sigap.Tests.Platform.Files;

/// <summary>The sweeper takes uploads nobody attached once they are a day old, and nothing else.</summary>
public sealed class FileSweeperTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Uploaded(Guid Id, string Url);

    private async Task<Uploaded> UploadAsync(HttpClient client)
    {
        var file = new ByteArrayContent(FilesTests.Png);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        var response = await client.PostAsync("/api/files", new MultipartFormDataContent { { file, "file", "foto.png" } }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<Uploaded>(SigapFactory.Json, Ct))!;
    }

    private Task AgeAsync(Guid id, TimeSpan by) => app.WithDbAsync(async db =>
    {
        var file = await db.Files.SingleAsync(f => f.Id == id, Ct);
        file.CreatedAt -= by;
        await db.SaveChangesAsync(Ct);
    });

    private async Task<bool> StoredAsync(Guid id)
    {
        var key = await app.WithDbAsync(db => db.Files.Where(f => f.Id == id).Select(f => f.StorageKey).SingleOrDefaultAsync(Ct));
        if (key is null) return false;
        await using var stream = await app.Services.GetRequiredService<IFileStore>().OpenReadAsync(key, Ct);
        return stream is not null;
    }

    [Fact]
    public async Task Unattached_uploads_older_than_a_day_are_deleted_with_their_bytes_and_attached_or_recent_ones_are_kept()
    {
        using var client = (await SignedInClients.ForNewUserAsync(app, Role.SystemAdmin)).Client;
        var stale = await UploadAsync(client);
        var recent = await UploadAsync(client);
        var staleKey = await app.WithDbAsync(db => db.Files.Where(f => f.Id == stale.Id).Select(f => f.StorageKey).SingleAsync(Ct));
        var evidence = await app.WithDbAsync(db => db.Set<UsageEvidence>().Select(e => e.FileId).FirstAsync(Ct));
        await AgeAsync(stale.Id, TimeSpan.FromHours(25));
        await AgeAsync(recent.Id, TimeSpan.FromHours(23));
        await AgeAsync(evidence, TimeSpan.FromDays(400));

        // Only this test ages files, so the one stale upload is the only candidate: the evidence is excluded by the
        // query (Budget's IFileReferences), not merely saved by its foreign key.
        (await app.Services.GetRequiredService<FileSweeper>().SweepOnceAsync(Ct)).Should().Be((1, 1));

        (await app.WithDbAsync(db => db.Files.AnyAsync(f => f.Id == stale.Id, Ct))).Should().BeFalse();
        await using (var bytes = await app.Services.GetRequiredService<IFileStore>().OpenReadAsync(staleKey, Ct))
            bytes.Should().BeNull("the stored bytes go with the row");
        using var anonymous = app.CreateClient();
        (await anonymous.GetAsync(stale.Url, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await StoredAsync(recent.Id)).Should().BeTrue("a file younger than a day may still be attached");
        (await anonymous.GetAsync(recent.Url, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await StoredAsync(evidence)).Should().BeTrue("evidence of a usage report is referenced, however old");
    }
}
