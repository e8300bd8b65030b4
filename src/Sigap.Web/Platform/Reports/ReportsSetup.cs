using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Reports;

internal static class ReportsSetup
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        Texts.Add(ReportsTexts.All);
        services.AddSingleton<PdfRenderer>();
        return services;
    }
}

internal static class ReportsTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("reports.page", "Halaman", "Page"),
        ("reports.of", "dari", "of"),
        ("reports.unavailable", "Pembuat PDF tidak tersedia.", "The PDF renderer is not available."),
        ("reports.chromiumMissing", "Chromium tidak ditemukan di {0}. Pasang dengan 'apt-get install chromium' (./sigap.sh run memasangnya), atau atur Reports:ChromiumPath.",
            "Chromium was not found at {0}. Install it with 'apt-get install chromium' (./sigap.sh run installs it), or set Reports:ChromiumPath."),
        ("reports.chromiumFailed", "Chromium di {0} gagal dijalankan. Pasang ulang dengan 'apt-get install chromium' (./sigap.sh run memasangnya), atau atur Reports:ChromiumPath.",
            "Chromium at {0} failed to start. Reinstall it with 'apt-get install chromium' (./sigap.sh run installs it), or set Reports:ChromiumPath."),
        ("spreadsheet.unreadable", "Berkas tidak dapat dibaca sebagai XLSX: strukturnya rusak.", "The file cannot be read as XLSX: its structure is broken."),
        ("spreadsheet.noSheet", "Berkas XLSX tidak memuat lembar kerja.", "The XLSX file holds no worksheet."),
        ("spreadsheet.unpackedTooLarge", "Isi berkas XLSX terlalu besar setelah dibuka (maksimal {0}).", "The XLSX file is too large once unpacked (at most {0})."),
        ("spreadsheet.tooManyColumns", "Lembar kerja memakai kolom {0}; paling banyak {1} kolom dibaca.", "The sheet uses column {0}; at most {1} columns are read."),
        ("spreadsheet.tooManyRows", "Lembar kerja memakai baris {0}; paling banyak {1} baris dibaca.", "The sheet uses row {0}; at most {1} rows are read."),
        ("spreadsheet.tooManyStrings", "Buku kerja memuat {0} teks bersama; paling banyak {1}.", "The workbook holds {0} shared strings; at most {1}."),
        ("reports.installHint", "apt-get install chromium (atau ./sigap.sh run)", "apt-get install chromium (or ./sigap.sh run)"),
    ];
}
