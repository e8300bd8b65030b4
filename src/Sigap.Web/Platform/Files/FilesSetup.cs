using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Jobs;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;
using Sigap.Web.Platform.Security;

namespace Sigap.Web.Platform.Files;

public sealed record UploadedFileResponse(Guid Id, string ContentType, long Size, string FileName, string Url);

/// <summary>
/// Who may stage files with POST /api/files and how much each may keep unattached (<c>Files:StagingQuotaBytes</c>,
/// <c>Files:StagingQuotaFiles</c>). SystemAdmin always may; a module adds the roles that upload with
/// <see cref="FilesSetup.AllowFileStaging"/>.
/// </summary>
public sealed class FileStagingOptions
{
    public HashSet<Role> Roles { get; } = [Role.SystemAdmin];
    public long QuotaBytes { get; set; } = 200L * 1024 * 1024;
    public int QuotaFiles { get; set; } = 100;
}

internal static class FilesSetup
{
    /// <summary>The permission to stage files: one of <see cref="FileStagingOptions.Roles"/>.</summary>
    public const string StagePolicy = "platform.files-stage";

    /// <summary>How long the URL returned by an upload stays valid.</summary>
    private static readonly TimeSpan UploadUrlLifetime = TimeSpan.FromMinutes(30);

    /// <summary>A module declares which of its roles upload files ahead of the record they are attached to.</summary>
    public static IServiceCollection AllowFileStaging(this IServiceCollection services, params Role[] roles) =>
        services.Configure<FileStagingOptions>(o => o.Roles.UnionWith(roles));

    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration config)
    {
        Texts.Add(FilesTexts.All);
        services.AddOptions<FileStagingOptions>().Configure(o =>
        {
            o.QuotaBytes = config.GetValue("Files:StagingQuotaBytes", o.QuotaBytes);
            o.QuotaFiles = config.GetValue("Files:StagingQuotaFiles", o.QuotaFiles);
        });
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<FileStagingOptions>>((auth, staging) =>
            auth.AddRolePolicy(StagePolicy, [.. staging.Value.Roles]));
        services.AddSingleton<IFileStore, LocalDiskFileStore>();
        services.AddSingleton<FileService>();
        var sweep = new FileSweepOptions();
        config.GetSection("Files:Sweep").Bind(sweep);
        services.AddSingleton(sweep);
        services.AddSingleton<FileSweeper>();
        if (sweep.Enabled) services.AddSigapJob<FileSweepJob>(FileSweeper.JobName, sweep.Interval);
        return services;
    }

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        // The signature is the credential: links go to <img>, <audio>, e-mails and the PDF renderer, which carry no token.
        app.MapGet("/files/{id:guid}", Download).AllowAnonymous().WithTags("Files")
            .WithName("FilesDownload").WithSummary("Download a file through a signed link (exp and sig from the record that shows it); 404 when the link is wrong or expired")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/files", Upload).RequireAuthorization(StagePolicy).WithTags("Files").WithName("FilesStage")
            .WithMetadata(StreamsRequestBody.Instance)
            .Accepts<StageFileForm>("multipart/form-data")
            .Produces<UploadedFileResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Stage one file (JPEG, PNG, WebP, GIF, PDF) to attach to a record later. Needs a role that uploads; "
                + "unattached files per user are capped (Files:StagingQuotaBytes / Files:StagingQuotaFiles) → 413");
        return app;
    }

    /// <summary>The multipart form of a staged upload, for the OpenAPI description: one part named "file".</summary>
    internal sealed record StageFileForm(IFormFile File);

    private static async Task<Results<PushStreamHttpResult, FileStreamHttpResult, ProblemHttpResult>> Download(
        Guid id, long? exp, string? sig, string? dl, HttpContext http, FileService files, IDbContextFactory<SigapDb> dbs, TimeProvider clock, CancellationToken ct)
    {
        var download = dl == "1";
        if (exp is null || !files.Verify(id, exp.Value, download, sig))
            return Problems.Status(StatusCodes.Status403Forbidden, "files.badSignature");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);
        var stream = file is null ? null : await files.OpenReadAsync(file, ct);
        if (file is null || stream is null) return Problems.NotFound();

        var disposition = new ContentDispositionHeaderValue(download ? "attachment" : "inline");
        disposition.SetHttpFileName(file.FileName); // filename (ASCII fallback) and filename* (RFC 5987 UTF-8), per RFC 6266
        var headers = http.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        var remaining = Math.Max(0, exp.Value - clock.GetUtcNow().ToUnixTimeSeconds());
        headers.CacheControl = $"private, max-age={Math.Min(remaining, 3600)}";
        return TypedResults.File(stream, file.ContentType, lastModified: file.CreatedAt, enableRangeProcessing: true);
    }

    /// <summary>
    /// One file for a module to stage (evidence photo, attachment): read straight from the multipart body so the size
    /// limit stops an oversized upload while it streams, instead of after ASP.NET has buffered the whole form. What the
    /// caller already keeps unattached counts against their quota, and the stream stops where the quota would be passed.
    /// </summary>
    private static async Task<Results<Created<UploadedFileResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpRequest request, FileService files, IDbContextFactory<SigapDb> dbs, IEnumerable<IFileReferences> references,
        IOptions<FileStagingOptions> staging, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 })
            return Problems.Field("file", "files.notMultipart");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value!;

        var quota = staging.Value;
        var userId = request.HttpContext.User.UserId();
        (int Count, long Bytes) staged;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var mine = FileSweeper.Unattached(db, references).Where(f => f.UploadedBy == userId);
            staged = (await mine.CountAsync(ct), await mine.SumAsync(f => f.Size, ct));
        }
        if (staged.Count >= quota.QuotaFiles || staged.Bytes >= quota.QuotaBytes) return QuotaProblem(staged, quota);

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || !cd.IsFileDisposition()) continue;
            var name = HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value;
            Outcome<StoredFile> saved;
            try
            {
                await using var body = new QuotaStream(section.Body, quota.QuotaBytes - staged.Bytes);
                saved = await files.SaveAsync(body, name, new FileRules(FileKind.ImagesAndPdf, files.DefaultMaxUploadBytes), userId, null, "file", ct);
            }
            catch (QuotaStream.ExceededException)
            {
                return QuotaProblem(staged, quota);
            }
            if (saved.Error is { Errors: { } errors }) return Problems.Invalid(errors);
            var f = saved.Value!;
            var url = files.SignedUrl(f.Id, UploadUrlLifetime);
            return TypedResults.Created(url, new UploadedFileResponse(f.Id, f.ContentType, f.Size, f.FileName, url));
        }
        return Problems.Field("file", "files.required");
    }

    private static ProblemHttpResult QuotaProblem((int Count, long Bytes) staged, FileStagingOptions quota) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "files.stagingQuota",
            [staged.Count, FileService.FormatSize(staged.Bytes), quota.QuotaFiles, FileService.FormatSize(quota.QuotaBytes)]);

    /// <summary>Reads through to the upload and throws once more than <paramref name="limit"/> bytes came: nothing is stored then.</summary>
    private sealed class QuotaStream(Stream inner, long limit) : Stream
    {
        public sealed class ExceededException : Exception;

        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            if ((_read += n) > limit) throw new ExceededException();
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
