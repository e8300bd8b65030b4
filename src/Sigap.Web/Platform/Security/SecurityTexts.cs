namespace Sigap.Web.Platform.Security;

internal static class SecurityTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("error.unsupportedCharset", "Set karakter '{0}' tidak didukung. Kirim teks dalam UTF-8.", "The charset '{0}' is not supported. Send the text as UTF-8."),
        ("error.unreadableBody", "Isi permintaan rusak atau terpotong dan tidak dapat dibaca.", "The request body is malformed or truncated and cannot be read."),
        ("error.unreadableMultipart", "Formulir multipart rusak atau terpotong (batas bagian hilang atau tidak ditutup).",
            "The multipart form is malformed or truncated (a missing or unclosed boundary)."),
        ("validation.maxItems", "Paling banyak {0} baris per permintaan.", "At most {0} items per request."),
        ("validation.controlCharacters", "Teks memuat karakter kontrol yang tidak diizinkan.", "The text holds control characters that are not allowed."),
    ];
}
