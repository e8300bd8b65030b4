namespace Sigap.Web.Platform.Files;

internal static class FilesTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("files.required", "Pilih satu berkas untuk diunggah.", "Choose one file to upload."),
        ("files.empty", "Berkas kosong.", "The file is empty."),
        ("files.tooLarge", "Ukuran berkas melebihi batas {0}.", "The file is larger than the limit of {0}."),
        ("files.typeNotAllowed", "Jenis berkas tidak diizinkan. Yang diterima: {0}.", "This type of file is not allowed. Accepted: {0}."),
        ("files.badSignature", "Tautan berkas tidak valid atau sudah kedaluwarsa.", "The file link is invalid or has expired."),
        ("files.refused", "{0}: {1}", "{0}: {1}"),
        ("files.stagingQuota", "Batas berkas yang belum dilampirkan tercapai: {0} berkas ({1}) dari batas {2} berkas / {3}. Lampirkan berkas itu dulu, atau tunggu sampai dibersihkan.",
            "You have reached the limit of files not yet attached: {0} files ({1}) of at most {2} files / {3}. Attach them first, or wait until they are cleared."),
        ("files.notMultipart", "Kirim berkas sebagai multipart/form-data.", "Send the file as multipart/form-data."),
    ];
}
