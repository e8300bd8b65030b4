using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Platform.Files;

/// <summary>A module of the tests: it keeps the files it is given, as a real module keeps the files its records refer to.</summary>
public sealed class KeptFiles : IFileReferences
{
    private readonly ConcurrentDictionary<Guid, bool> _ids = new();

    public void Keep(Guid id) => _ids[id] = true;

    public IQueryable<Guid> FileIds(SigapDb db)
    {
        var ids = _ids.Keys.ToList();
        return db.Files.Where(f => ids.Contains(f.Id)).Select(f => f.Id);
    }
}

/// <summary>
/// An app of its own for the sweeper: its clock is moved to age the files, so no other test's uploads become candidates,
/// and <see cref="KeptFiles"/> stands for a module's references. The background sweep is off; the tests run passes.
/// </summary>
public sealed class SweeperApp : SigapFactory
{
    public KeptFiles Kept { get; } = new();
    protected override bool Demo => false;
    protected override void Configure(IDictionary<string, string?> settings) => settings["Files:Sweep:Enabled"] = "false";

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IFileReferences>(Kept));
    }
}

/// <summary>The sweeper takes uploads nobody attached once they are a day old, and nothing else.</summary>
public sealed class FileSweeperTests(SweeperApp app) : IClassFixture<SweeperApp>
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

    private async Task<bool> StoredAsync(Guid id)
    {
        var key = await app.WithDbAsync(db => db.Files.Where(f => f.Id == id).Select(f => f.StorageKey).SingleOrDefaultAsync(Ct));
        if (key is null) return false;
        await using var stream = await app.Services.GetRequiredService<IFileStore>().OpenReadAsync(key, Ct);
        return stream is not null;
    }

    /// <summary>A download address signed now (the upload's own has run out once the clock moved a day).</summary>
    private string FreshUrl(Guid id) => app.Services.GetRequiredService<FileService>().SignedUrl(id, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Unattached_uploads_older_than_a_day_are_deleted_with_their_bytes_and_kept_or_recent_ones_are_not()
    {
        using var client = (await SignedInClients.ForNewUserAsync(app, Role.SystemAdmin)).Client;
        var stale = await UploadAsync(client);
        var kept = await UploadAsync(client);
        app.Kept.Keep(kept.Id);
        var staleKey = await app.WithDbAsync(db => db.Files.Where(f => f.Id == stale.Id).Select(f => f.StorageKey).SingleAsync(Ct));
        app.Clock.Advance(TimeSpan.FromHours(2));
        using var later = (await SignedInClients.ForNewUserAsync(app, Role.SystemAdmin)).Client; // the first one's token has run out
        var recent = await UploadAsync(later);
        app.Clock.Advance(TimeSpan.FromHours(23)); // stale and kept are 25 h old, recent 23 h

        // The kept file is left out by the query (the references), not saved by a foreign key: one candidate, one deleted.
        (await app.Services.GetRequiredService<FileSweeper>().SweepOnceAsync(Ct)).Should().Be((1, 1));

        (await app.WithDbAsync(db => db.Files.AnyAsync(f => f.Id == stale.Id, Ct))).Should().BeFalse();
        await using (var bytes = await app.Services.GetRequiredService<IFileStore>().OpenReadAsync(staleKey, Ct))
            bytes.Should().BeNull("the stored bytes go with the row");
        using var anonymous = app.CreateClient();
        (await anonymous.GetAsync(FreshUrl(stale.Id), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await StoredAsync(recent.Id)).Should().BeTrue("a file younger than a day may still be attached");
        (await anonymous.GetAsync(FreshUrl(recent.Id), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await StoredAsync(kept.Id)).Should().BeTrue("a file a module refers to is kept, however old");

        // A day later the recent upload is stale too; the kept one still is not.
        app.Clock.Advance(TimeSpan.FromDays(1));
        (await app.Services.GetRequiredService<FileSweeper>().SweepOnceAsync(Ct)).Should().Be((1, 1));
        (await StoredAsync(recent.Id)).Should().BeFalse();
        (await StoredAsync(kept.Id)).Should().BeTrue();
    }
}
