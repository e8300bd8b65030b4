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
        ("files.notMultipart", "Kirim berkas sebagai multipart/form-data.", "Send the file as multipart/form-data."),
    ];
}
