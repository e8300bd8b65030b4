namespace Sigap.Web.Modules.Budget.Features.Dashboard;

internal static class DashboardTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("dash.title", "Dasbor Anggaran", "Budget dashboard"),
        ("dash.year", "Tahun", "Year"),
        ("dash.month", "Bulan", "Month"),
        ("dash.wholeYear", "Setahun penuh", "Whole year"),
        ("dash.budget", "Anggaran", "Budget"),
        ("dash.recommended", "Rekomendasi", "Recommended"),
        ("dash.approved", "Disetujui", "Approved"),
        ("dash.pending", "Menunggu", "Pending"),
        ("dash.remaining", "Sisa", "Remaining"),
        ("dash.percentUsed", "Terpakai", "Used"),
        ("dash.unit", "Unit", "Unit"),
        ("dash.children", "Unit di bawahnya", "Units below"),
        ("dash.categories", "Pemakaian per kategori", "Usage by category"),
        ("dash.monthly", "Anggaran vs disetujui per bulan, {0}", "Budget vs approved by month, {0}"),
        ("dash.daily", "Pemakaian harian", "Daily usage"),
        ("dash.empty", "Belum ada anggaran atau laporan untuk periode ini.", "No budget or reports for this period yet."),
        ("dash.over", "Melebihi", "Over"),
        ("dash.ofRecommendation", "dari rekomendasi {0}", "of {0} recommended"),
        ("dash.open", "Buka {0}", "Open {0}"),
    ];
}
