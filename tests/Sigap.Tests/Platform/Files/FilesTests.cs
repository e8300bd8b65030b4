using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Files;

namespace Sigap.Tests.Platform.Files;

public sealed class FilesTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE];

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private sealed record Uploaded(Guid Id, string ContentType, long Size, string FileName, string Url);

    private async Task<Uploaded> UploadAsync(byte[] bytes, string fileName, string contentType)
    {
        using var client = (await SignedInClients.ForAsync(app, Demo.ClusterSbyTim)).Client;
        var response = await client.PostAsync("/api/files", Form(bytes, fileName, contentType), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<Uploaded>(SigapFactory.Json, Ct))!;
    }

    [Fact]
    public async Task A_png_named_pdf_is_stored_as_a_png_and_served_through_its_signed_url()
    {
        var uploaded = await UploadAsync(Png, "bukti.pdf", "application/pdf");
        uploaded.ContentType.Should().Be("image/png");
        uploaded.FileName.Should().Be("bukti.pdf");
        uploaded.Size.Should().Be(Png.Length);

        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync(uploaded.Url, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync(Ct)).Should().Equal(Png);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("inline");
        response.Content.Headers.ContentDisposition.FileName.Should().Contain("bukti.pdf");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.CacheControl!.Private.Should().BeTrue();
    }

    [Fact]
    public async Task Html_sent_as_image_png_is_refused()
    {
        using var client = (await SignedInClients.ForAsync(app, Demo.ClusterSbyTim)).Client;
        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");
        var response = await client.PostAsync("/api/files", Form(html, "foto.png", "image/png"), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("errors").GetProperty("file")[0].GetString().Should().Contain("PNG");
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_with_400()
    {
        using var client = (await SignedInClients.ForAsync(app, Demo.ClusterSbyTim)).Client;
        var big = new byte[10 * 1024 * 1024 + 1];
        Png.CopyTo(big, 0);
        var response = await client.PostAsync("/api/files", Form(big, "besar.png", "image/png"), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("file")[0].GetString().Should().Contain("10 MB");
    }

    [Fact]
    public async Task Uploading_needs_a_signed_in_user()
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.PostAsync("/api/files", Form(Png, "a.png", "image/png"), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_storage_key_is_generated_and_holds_nothing_of_the_client_path()
    {
        var uploaded = await UploadAsync(Png, "../../etc/passwd.png", "image/png");
        uploaded.FileName.Should().Be("passwd.png");
        var stored = await app.WithDbAsync(db => db.Files.AsNoTracking().SingleAsync(f => f.Id == uploaded.Id, Ct));
        stored.StorageKey.Should().MatchRegex("^[0-9]{4}/[0-9]{2}/[0-9a-f]{32}$");
        stored.StorageKey.Should().NotContain("passwd").And.NotContain("..");
        stored.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Png)));
        File.Exists(Path.Combine(app.DataFolder, "files", stored.StorageKey)).Should().BeTrue();
    }

    [Fact]
    public async Task Tampered_expired_or_re_purposed_signatures_are_refused_and_unknown_files_answer_404()
    {
        var uploaded = await UploadAsync(Png, "a.png", "image/png");
        var files = app.Services.GetRequiredService<FileService>();
        using var anonymous = app.CreateClient();

        var sigAt = uploaded.Url.IndexOf("sig=", StringComparison.Ordinal) + 4;
        var tampered = uploaded.Url[..sigAt] + (uploaded.Url[sigAt] == 'A' ? 'B' : 'A') + uploaded.Url[(sigAt + 1)..];
        (await anonymous.GetAsync(tampered, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync(uploaded.Url + "&dl=1", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the disposition is signed");
        (await anonymous.GetAsync(uploaded.Url.Replace(uploaded.Id.ToString(), Guid.NewGuid().ToString()), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync($"/files/{uploaded.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var expired = await anonymous.GetAsync(files.SignedUrl(uploaded.Id, TimeSpan.FromMinutes(-1)), Ct);
        expired.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        expired.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

        (await anonymous.GetAsync(files.SignedUrl(Guid.NewGuid(), TimeSpan.FromMinutes(5)), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_download_url_answers_attachment_with_the_utf8_name_encoded()
    {
        var files = app.Services.GetRequiredService<FileService>();
        var saved = await files.SaveAsync(new MemoryStream(Png), "Bukti pembayaran ✓.png", new FileRules(FileKind.Images, 1024), null, null, "file", Ct);
        saved.Ok.Should().BeTrue(saved.Error?.Message);

        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync(files.SignedUrl(saved.Value!.Id, TimeSpan.FromMinutes(5), download: true), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.Should().Be("attachment");
        disposition.FileNameStar.Should().Be("Bukti pembayaran ✓.png");
    }
}

public sealed class FileServiceTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private FileService Files => app.Services.GetRequiredService<FileService>();

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, FileKind.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, FileKind.Png)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56 }, FileKind.WebP)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x41, 0x56, 0x45, 0x66 }, FileKind.Wav)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1 }, FileKind.Gif)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, FileKind.Pdf)]
    [InlineData(new byte[] { 0x4F, 0x67, 0x67, 0x53, 0, 2 }, FileKind.Ogg)]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 4, 0, 0 }, FileKind.Mp3)]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90, 0x64 }, FileKind.Mp3)]
    [InlineData(new byte[] { 0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x4D, 0x34, 0x41, 0x20 }, FileKind.Mp4)]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x9F }, FileKind.WebM)]
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E }, FileKind.None)]
    public void Magic_bytes_identify_the_kind(byte[] head, FileKind expected) => FileSniffer.Detect(head).Should().Be(expected);

    [Fact]
    public async Task Utf8_csv_is_text_but_binary_or_invalid_utf8_or_markup_is_not()
    {
        var csv = await Files.SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes("nama;jumlah\nBudi Ésa;150000\n")), "tagihan.csv", new FileRules(FileKind.Spreadsheets, 1024), null, null, "file", Ct);
        csv.Value!.ContentType.Should().Be("text/csv; charset=utf-8");

        (await Files.SaveAsync(new MemoryStream([0x61, 0x00, 0x62]), "nul.csv", new FileRules(FileKind.Spreadsheets, 1024), null, null, "file", Ct)).Ok.Should().BeFalse();
        (await Files.SaveAsync(new MemoryStream([0x61, 0xC3, 0x28]), "latin.csv", new FileRules(FileKind.Spreadsheets, 1024), null, null, "file", Ct)).Ok.Should().BeFalse();
        (await Files.SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes("  <svg onload=alert(1)>")), "x.csv", new FileRules(FileKind.Spreadsheets, 1024), null, null, "file", Ct)).Ok.Should().BeFalse();
    }

    [Fact]
    public async Task A_zip_is_an_xlsx_only_when_it_holds_a_workbook()
    {
        static byte[] Zip(params string[] entries)
        {
            var ms = new MemoryStream();
            using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var e in entries)
                    using (var w = new StreamWriter(zip.CreateEntry(e).Open())) w.Write("<x/>");
            return ms.ToArray();
        }
        var xlsx = await Files.SaveAsync(new MemoryStream(Zip("[Content_Types].xml", "xl/workbook.xml")), "data.xlsx", new FileRules(FileKind.Spreadsheets, 100_000), null, null, "file", Ct);
        xlsx.Value!.ContentType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await Files.SaveAsync(new MemoryStream(Zip("evil.exe")), "data.xlsx", new FileRules(FileKind.Spreadsheets, 100_000), null, null, "file", Ct)).Ok.Should().BeFalse();
    }

    [Fact]
    public async Task The_size_limit_is_enforced_while_reading_and_nothing_is_stored()
    {
        var content = new byte[5000];
        FilesTests.Png.CopyTo(content, 0);
        var result = await Files.SaveAsync(new MemoryStream(content), "big.png", new FileRules(FileKind.Images, 4999), null, null, "file", Ct);
        result.Ok.Should().BeFalse();
        result.Error!.Errors!["file"].Should().ContainSingle().Which.Should().Contain(" KB");
        (await Files.SaveAsync(new MemoryStream(content), "ok.png", new FileRules(FileKind.Images, 5000), null, null, "file", Ct)).Ok.Should().BeTrue();
        (await app.WithDbAsync(db => db.Files.CountAsync(f => f.FileName == "big.png", Ct))).Should().Be(0);
    }

    [Fact]
    public async Task A_type_outside_the_allowed_kinds_is_refused()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%...");
        var result = await Files.SaveAsync(new MemoryStream(pdf), "doc.pdf", new FileRules(FileKind.Images, 1024), null, null, "file", Ct);
        result.Ok.Should().BeFalse();
        result.Error!.Message.Should().Contain("JPEG");
    }

    private static byte[] Mp3(int size)
    {
        var bytes = new byte[size];
        new byte[] { 0x49, 0x44, 0x33, 4, 0, 0 }.CopyTo(bytes, 0);
        return bytes;
    }

    [Fact]
    public async Task Attached_files_are_saved_by_the_callers_transaction_and_each_call_sets_its_kinds_and_size()
    {
        // Audio of a meeting is allowed where the call says so, and refused under the evidence rules of another call.
        var audio = new FileRules(FileKind.Audio, 500L << 20);
        var evidence = new FileRules(FileKind.ImagesAndPdf, 10 << 20);
        Guid id = default;
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            var attached = await Files.AttachAsync(db, [new FileUpload("rapat.mp3", 4096, () => new MemoryStream(Mp3(4096)))], audio, "audio", null, null, Ct);
            attached.Ok.Should().BeTrue(attached.Error?.Message);
            id = attached.Value!.Single().Id;
            (await db.Files.AnyAsync(f => f.Id == id, Ct)).Should().BeFalse("the row is written by the caller's SaveChanges");
            await db.SaveChangesAsync(Ct);
            await tx.CommitAsync(Ct);
        });
        (await app.WithDbAsync(db => db.Files.AnyAsync(f => f.Id == id && f.ContentType == "audio/mpeg", Ct))).Should().BeTrue();

        var refused = await app.WithDbAsync(db => Files.AttachAsync(db,
            [new FileUpload("foto.png", 33, () => new MemoryStream(FilesTests.Png)), new FileUpload("rapat.mp3", 4096, () => new MemoryStream(Mp3(4096)))],
            evidence, "files", null, null, Ct));
        refused.Error!.Kind.Should().Be(Sigap.Web.Platform.Errors.FailureKind.Invalid);
        refused.Error.Errors!["files"].Should().ContainSingle().Which.Should().StartWith("rapat.mp3: ");
    }

    [Fact]
    public async Task A_rolled_back_attachment_leaves_no_row_and_the_sweeper_deletes_its_bytes_once_a_day_old()
    {
        var store = app.Services.GetRequiredService<IFileStore>();
        var key = await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            var attached = await Files.AttachAsync(db, [new FileUpload("foto.png", 33, () => new MemoryStream(FilesTests.Png))],
                new FileRules(FileKind.Images, 1024), "files", null, null, Ct);
            await db.SaveChangesAsync(Ct);
            await tx.RollbackAsync(Ct);
            return attached.Value!.Single().StorageKey;
        });
        (await app.WithDbAsync(db => db.Files.AnyAsync(f => f.StorageKey == key, Ct))).Should().BeFalse();
        var sweeper = app.Services.GetRequiredService<FileSweeper>();
        await using (var bytes = await store.OpenReadAsync(key, Ct)) bytes.Should().NotBeNull("bytes younger than a day are left alone");
        await sweeper.SweepStrayBytesAsync(Ct);
        await using (var bytes = await store.OpenReadAsync(key, Ct)) bytes.Should().NotBeNull("bytes younger than a day are left alone");

        var path = Path.Combine(app.DataFolder, "files", key.Replace('/', Path.DirectorySeparatorChar));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-25));
        (await sweeper.SweepStrayBytesAsync(Ct)).Should().BeGreaterThanOrEqualTo(1);
        await using (var bytes = await store.OpenReadAsync(key, Ct)) bytes.Should().BeNull();
    }

    [Fact]
    public async Task The_sweeper_keeps_old_bytes_that_have_a_row()
    {
        var saved = await Files.SaveAsync(new MemoryStream(FilesTests.Png), "lama.png", new FileRules(FileKind.Images, 1024), null, null, "file", Ct);
        var key = saved.Value!.StorageKey;
        File.SetLastWriteTimeUtc(Path.Combine(app.DataFolder, "files", key.Replace('/', Path.DirectorySeparatorChar)), DateTime.UtcNow.AddHours(-25));
        await app.Services.GetRequiredService<FileSweeper>().SweepStrayBytesAsync(Ct);
        await using var bytes = await app.Services.GetRequiredService<IFileStore>().OpenReadAsync(key, Ct);
        bytes.Should().NotBeNull("its row may still be attached; only the row sweep, with the references, may take it");
    }
}
