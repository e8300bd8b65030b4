using Sigap.Web.Modules.Budget.Contracts;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Files;
using Sigap.Web.Platform.Auth;

namespace Sigap.Tests.Platform.Security;

/// <summary>A small staging quota (1000 bytes, 3 files) so the tests can reach it.</summary>
public sealed class SmallQuotaApp : SigapFactory
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Files:StagingQuotaBytes"] = "1000";
        settings["Files:StagingQuotaFiles"] = "3";
    }
}

/// <summary>Staging files needs a role that uploads, and each user may keep only so much unattached.</summary>
public sealed class UploadStagingTests(SmallQuotaApp app) : IClassFixture<SmallQuotaApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Png(int size)
    {
        var bytes = new byte[size];
        FilesTests.Png.CopyTo(bytes, 0);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        return new MultipartFormDataContent { { file, "file", "foto.png" } };
    }

    private Task<int> StoredCountAsync(Guid userId) => app.WithDbAsync(db => db.Files.CountAsync(f => f.UploadedBy == userId, Ct));

    private int BytesOnDisk() =>
        Directory.Exists(Path.Combine(app.DataFolder, "files")) ? Directory.EnumerateFiles(Path.Combine(app.DataFolder, "files"), "*", SearchOption.AllDirectories).Count() : 0;

    [Fact]
    public async Task A_user_without_a_role_that_uploads_gets_403_and_nothing_is_stored()
    {
        var (client, userId) = await SignedInClients.ForNewUserAsync(app);
        using (client)
        {
            var onDisk = BytesOnDisk();
            var response = await client.PostAsync("/api/files", Png(100), Ct);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await StoredCountAsync(userId)).Should().Be(0);
            BytesOnDisk().Should().Be(onDisk);
        }
    }

    [Fact]
    public async Task A_role_that_does_not_upload_is_refused_too()
    {
        var (client, _) = await SignedInClients.ForNewUserAsync(app, BudgetRoles.GmSbp);
        using (client)
            (await client.PostAsync("/api/files", Png(100), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Over_the_byte_quota_is_a_413_and_nothing_is_stored_then_the_file_count_quota_holds_too()
    {
        var (client, userId) = await SignedInClients.ForNewUserAsync(app, Role.SystemAdmin);
        using (client)
        {
            (await client.PostAsync("/api/files", Png(600), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);

            // 600 staged + 600 more passes 1000: refused while streaming, nothing kept.
            var onDisk = BytesOnDisk();
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
            var over = await client.PostAsync("/api/files", Png(600), Ct);
            over.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
            over.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = JsonDocument.Parse(await over.Content.ReadAsStringAsync(Ct)).RootElement;
            problem.GetProperty("detail").GetString().Should().Contain("not yet attached").And.Contain("3 files");
            (await StoredCountAsync(userId)).Should().Be(1);
            BytesOnDisk().Should().Be(onDisk);

            // Small files still fit until the count limit (3) is reached.
            (await client.PostAsync("/api/files", Png(100), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
            (await client.PostAsync("/api/files", Png(100), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
            (await client.PostAsync("/api/files", Png(50), Ct)).StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
            (await StoredCountAsync(userId)).Should().Be(3);
        }
    }

    [Fact]
    public async Task The_quota_is_per_user()
    {
        var (first, _) = await SignedInClients.ForNewUserAsync(app, Role.SystemAdmin);
        var (second, _) = await SignedInClients.ForNewUserAsync(app, Role.SystemAdmin);
        using (first)
        using (second)
        {
            (await first.PostAsync("/api/files", Png(900), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
            (await second.PostAsync("/api/files", Png(900), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        }
    }
}
