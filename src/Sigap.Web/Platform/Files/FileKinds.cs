using System.IO.Compression;
using System.Text;

namespace Sigap.Web.Platform.Files;

/// <summary>The kinds of file Sigap accepts, recognised by their content (magic bytes), never by name or client content type.</summary>
[Flags]
public enum FileKind
{
    None = 0,
    Jpeg = 1 << 0,
    Png = 1 << 1,
    WebP = 1 << 2,
    Gif = 1 << 3,
    Pdf = 1 << 4,
    Xlsx = 1 << 5,
    /// <summary>UTF-8 text without NULs (CSV, plain text); markup is not taken as text.</summary>
    Text = 1 << 6,
    Wav = 1 << 7,
    Mp3 = 1 << 8,
    Ogg = 1 << 9,
    /// <summary>MP4 container (M4A audio).</summary>
    Mp4 = 1 << 10,
    WebM = 1 << 11,

    Images = Jpeg | Png | WebP | Gif,
    ImagesAndPdf = Images | Pdf,
    Audio = Wav | Mp3 | Ogg | Mp4 | WebM,
    Spreadsheets = Xlsx | Text,
}

public static class FileSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 64;

    /// <summary>The kind from the first bytes; <see cref="FileKind.None"/> when no binary signature matches (text is checked separately).</summary>
    public static FileKind Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return FileKind.Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return FileKind.Png;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return FileKind.WebP;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8)) return FileKind.Wav;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return FileKind.Gif;
        if (head.StartsWith("%PDF-"u8)) return FileKind.Pdf;
        if (head.StartsWith("PK\u0003\u0004"u8)) return FileKind.Xlsx; // confirmed by looking inside the zip
        if (head.StartsWith("OggS"u8)) return FileKind.Ogg;
        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0)) return FileKind.Mp3;
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8)) return FileKind.Mp4;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])) return FileKind.WebM;
        return FileKind.None;
    }

    public static string ContentType(FileKind kind, string fileName) => kind switch
    {
        FileKind.Jpeg => "image/jpeg",
        FileKind.Png => "image/png",
        FileKind.WebP => "image/webp",
        FileKind.Gif => "image/gif",
        FileKind.Pdf => "application/pdf",
        FileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileKind.Text => fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8",
        FileKind.Wav => "audio/wav",
        FileKind.Mp3 => "audio/mpeg",
        FileKind.Ogg => "audio/ogg",
        FileKind.Mp4 => "audio/mp4",
        FileKind.WebM => "audio/webm",
        _ => "application/octet-stream",
    };

    /// <summary>A zip is an XLSX only when it holds a workbook part.</summary>
    public static bool IsXlsx(Stream zip)
    {
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            return archive.GetEntry("xl/workbook.xml") is not null && archive.GetEntry("[Content_Types].xml") is not null;
        }
        catch (InvalidDataException) { return false; }
    }

    /// <summary>Text that starts like markup (HTML, SVG, XML) is refused as text: a browser could be talked into running it.</summary>
    public static bool LooksLikeMarkup(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith('<');
    }
}
