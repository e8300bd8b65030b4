using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Files;

/// <summary>What one call accepts: the kinds recognised from the content, and the largest size of each file.</summary>
public sealed record FileRules(FileKind Kinds, long MaxBytes);

/// <summary>One uploaded file, from a multipart form or a Blazor InputFile; <see cref="Open"/> is read once, streaming.</summary>
public sealed record FileUpload(string FileName, long Length, Func<Stream> Open);

/// <summary>
/// Stores uploads: type recognised from the content (the client's name and content type are not trusted), size
/// limited while streaming, SHA-256 kept, bytes under a generated key. Files are served only through short-lived
/// HMAC-signed URLs (<see cref="SignedUrl"/>), so a link can be handed to a browser, an e-mail or a PDF renderer.
/// </summary>
public sealed class FileService(IFileStore store, IDbContextFactory<SigapDb> dbs, SigapKeys keys, TimeProvider clock, IConfiguration config, ILogger<FileService> log)
{
    public long DefaultMaxUploadBytes => config.GetValue("Files:MaxUploadBytes", 10L * 1024 * 1024);

    /// <summary>
    /// Stores each upload and adds its <see cref="StoredFile"/> row to <paramref name="db"/>, unsaved: the rows are written
    /// by the caller's SaveChanges, in the caller's transaction, together with the record that refers to them. A refused
    /// file answers a 400 on <paramref name="field"/> naming it, and takes the files of this call stored before it away
    /// again. If the caller's transaction rolls back, the bytes are left without a row; the <see cref="FileSweeper"/>
    /// deletes such bytes once they are a day old.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<StoredFile>>> AttachAsync(SigapDb db, IEnumerable<FileUpload> uploads, FileRules rules, string field,
        Guid? uploadedBy, int? orgUnitId, CancellationToken ct)
    {
        var stored = new List<StoredFile>();
        try
        {
            foreach (var upload in uploads)
            {
                await using var content = upload.Open();
                var (file, refusal) = await StoreAsync(content, upload.FileName, rules, uploadedBy, orgUnitId, ct);
                if (file is null)
                {
                    await DiscardAsync(stored);
                    return Failure.Field(field, "files.refused", upload.FileName, refusal);
                }
                stored.Add(file);
            }
        }
        catch
        {
            await DiscardAsync(stored);
            throw;
        }
        db.Files.AddRange(stored);
        return stored;
    }

    /// <summary>
    /// One file staged on its own (<c>POST /api/files</c>): stored, and its row saved at once; a module attaches it later
    /// by referring to its id, and the sweeper takes it if nothing does within a day.
    /// </summary>
    public async Task<Outcome<StoredFile>> SaveAsync(Stream content, string? fileName, FileRules rules, Guid? uploadedBy, int? orgUnitId, string field, CancellationToken ct)
    {
        var (file, refusal) = await StoreAsync(content, fileName, rules, uploadedBy, orgUnitId, ct);
        if (file is null) return Failure.FieldMessage(field, refusal!);
        try
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            db.Files.Add(file);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await DiscardAsync([file]);
            throw;
        }
        return file;
    }

    /// <summary>Bytes stored by a call that then failed: they never got a committed row, so nothing refers to them.</summary>
    private async Task DiscardAsync(IEnumerable<StoredFile> files)
    {
        foreach (var f in files)
        {
            try { await store.DeleteAsync(f.StorageKey, CancellationToken.None); }
            catch (Exception ex) { log.LogWarning(ex, "Could not delete stored bytes {Key}; the sweeper will.", f.StorageKey); }
        }
    }

    /// <summary>
    /// Validates <paramref name="content"/> while streaming it to a spool file (size, kind from the content, UTF-8 for
    /// text), then writes it to the store: the new row (not added to any context), or the localized reason it was refused.
    /// </summary>
    private async Task<(StoredFile? File, string? Refusal)> StoreAsync(Stream content, string? fileName, FileRules rules, Guid? uploadedBy, int? orgUnitId, CancellationToken ct)
    {
        var (allowed, maxBytes) = (rules.Kinds, rules.MaxBytes);
        var name = CleanName(fileName);
        var now = clock.GetUtcNow();
        var key = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}";

        // Spooled to a temporary file so the checks (size, zip content, UTF-8) run before the bytes reach the store.
        var temp = Path.Combine(Path.GetTempPath(), $"sigap-upload-{Guid.NewGuid():N}");
        try
        {
            await using var spool = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var head = new byte[FileSniffer.HeadLength];
            var headLength = 0;
            long size = 0;
            var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
            var isText = true;
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(81920));
            try
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, 81920), ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes) return Refused("files.tooLarge", FormatSize(maxBytes));
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(read, head.Length - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    sha.AppendData(buffer, 0, read);
                    if (isText) isText = IsTextChunk(utf8, buffer.AsSpan(0, read), chars);
                    await spool.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                ArrayPool<char>.Shared.Return(chars);
            }
            if (size == 0) return Refused("files.empty");
            if (isText) isText = IsTextChunk(utf8, [], chars, flush: true);

            var kind = FileSniffer.Detect(head.AsSpan(0, headLength));
            if (kind == FileKind.Xlsx)
            {
                spool.Position = 0;
                if (!FileSniffer.IsXlsx(spool)) kind = FileKind.None;
            }
            if (kind == FileKind.None && isText && !FileSniffer.LooksLikeMarkup(head.AsSpan(0, headLength))) kind = FileKind.Text;
            if (kind == FileKind.None || (allowed & kind) == 0)
                return Refused("files.typeNotAllowed", Describe(allowed));

            spool.Position = 0;
            await store.SaveAsync(key, spool, ct);
            var file = new StoredFile
            {
                Id = Guid.CreateVersion7(),
                StorageKey = key,
                ContentType = FileSniffer.ContentType(kind, name),
                Size = size,
                FileName = name,
                Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()),
                UploadedBy = uploadedBy,
                OrgUnitId = orgUnitId,
                CreatedAt = now,
            };
            log.LogInformation("Stored file {Id} ({ContentType}, {Size} bytes) as {Key}", file.Id, file.ContentType, size, key);
            return (file, null);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Task<Stream?> OpenReadAsync(StoredFile file, CancellationToken ct) => store.OpenReadAsync(file.StorageKey, ct);

    /// <summary><c>/files/{id}?exp={unix}&amp;sig={hmac}</c> (plus <c>&amp;dl=1</c> for a download): valid for <paramref name="lifetime"/>.</summary>
    public string SignedUrl(Guid fileId, TimeSpan lifetime, bool download = false)
    {
        var exp = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var url = $"/files/{fileId}?exp={exp}&sig={Signature(fileId, exp, download)}";
        return download ? url + "&dl=1" : url;
    }

    /// <summary>Whether <paramref name="sig"/> is ours for these values and <paramref name="exp"/> has not passed.</summary>
    public bool Verify(Guid fileId, long exp, bool download, string? sig)
    {
        if (string.IsNullOrEmpty(sig) || exp < clock.GetUtcNow().ToUnixTimeSeconds()) return false;
        var expected = Encoding.ASCII.GetBytes(Signature(fileId, exp, download));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(sig));
    }

    private string Signature(Guid fileId, long exp, bool download)
    {
        var data = Encoding.UTF8.GetBytes($"{fileId:D}|{exp.ToString(CultureInfo.InvariantCulture)}|{(download ? "attachment" : "inline")}");
        return Base64Url(HMACSHA256.HashData(keys.FileUrlSigningKey, data));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsTextChunk(Decoder utf8, ReadOnlySpan<byte> bytes, char[] chars, bool flush = false)
    {
        if (bytes.Contains((byte)0)) return false;
        try
        {
            utf8.GetChars(bytes, chars, flush);
            return true;
        }
        catch (DecoderFallbackException) { return false; }
    }

    /// <summary>Only the last path segment, without control characters; it is shown in Content-Disposition, never used as a path.</summary>
    private static string CleanName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 255) name = name[^255..];
        return name.Length == 0 || name is "." or ".." ? "file" : name;
    }

    private static (StoredFile?, string?) Refused(string key, params object?[] args) => (null, Texts.Get(key, args));

    internal static string FormatSize(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    private static string Describe(FileKind allowed) =>
        string.Join(", ", Enum.GetValues<FileKind>()
            .Where(k => k != FileKind.None && (k & (k - 1)) == 0 && (allowed & k) != 0)
            .Select(k => k switch { FileKind.Text => "CSV/TXT", FileKind.Mp4 => "M4A", _ => k.ToString().ToUpperInvariant() }));
}
