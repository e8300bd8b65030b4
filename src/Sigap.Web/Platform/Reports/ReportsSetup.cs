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
        ("reports.installHint", "apt-get install chromium (atau ./sigap.sh run)", "apt-get install chromium (or ./sigap.sh run)"),
    ];
}
