using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Jobs;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Files;

public sealed record UploadedFileResponse(Guid Id, string ContentType, long Size, string FileName, string Url);

internal static class FilesSetup
{
    /// <summary>How long the URL returned by an upload stays valid.</summary>
    private static readonly TimeSpan UploadUrlLifetime = TimeSpan.FromMinutes(30);

    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration config)
    {
        Texts.Add(FilesTexts.All);
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
        app.MapGet("/files/{id:guid}", Download).AllowAnonymous().WithTags("Files");
        app.MapPost("/api/files", Upload).RequireAuthorization().WithTags("Files")
            .Accepts<IFormFile>("multipart/form-data");
        return app;
    }

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
    /// limit stops an oversized upload while it streams, instead of after ASP.NET has buffered the whole form.
    /// </summary>
    private static async Task<Results<Created<UploadedFileResponse>, ValidationProblem>> Upload(
        HttpRequest request, FileService files, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 })
            return Problems.Field("file", "files.notMultipart");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value!;

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || !cd.IsFileDisposition()) continue;
            var name = HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value;
            var saved = await files.SaveAsync(section.Body, name, new FileRules(FileKind.ImagesAndPdf, files.DefaultMaxUploadBytes),
                request.HttpContext.User.UserId(), null, "file", ct);
            if (saved.Error is { Errors: { } errors }) return Problems.Invalid(errors);
            var f = saved.Value!;
            var url = files.SignedUrl(f.Id, UploadUrlLifetime);
            return TypedResults.Created(url, new UploadedFileResponse(f.Id, f.ContentType, f.Size, f.FileName, url));
        }
        return Problems.Field("file", "files.required");
    }
}
