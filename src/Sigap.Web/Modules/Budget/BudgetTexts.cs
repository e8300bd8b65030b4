namespace Sigap.Web.Modules.Budget;

internal static class BudgetTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("budget.title", "Anggaran", "Budget"),
        ("module.budget", "Anggaran", "Budget"),
        ("role.AreaAdmin", "Admin Area", "Area admin"),
        ("role.RegionAdmin", "Admin Region", "Region admin"),
        ("role.BranchManager", "Manajer Branch", "Branch manager"),
        ("role.Mcot", "MCOT", "MCOT"),
        ("role.GmSbp", "GM SBP", "GM SBP"),
        ("role.ClusterUser", "Pengguna SBP Cluster", "SBP cluster user"),
        ("module.budget.desc", "Anggaran marketing fee per cluster, rekomendasi, laporan penggunaan dan persetujuan.", "Marketing-fee budgets per cluster, recommendations, usage reports and approvals."),
        ("budget.role.AreaAdmin", "Mengatur kategori, anggaran (juga lewat impor), penutupan bulan dan kebijakan kelebihan belanja Area.", "Manages the Area's categories, budgets (also by import), month closing and over-spend policy."),
        ("budget.role.RegionAdmin", "Membagi anggaran cluster ke kategori (rekomendasi) dan meninjau laporan penggunaan.", "Splits cluster budgets over categories (recommendations) and reviews usage reports."),
        ("budget.role.BranchManager", "Meninjau laporan penggunaan cluster di bawahnya dan mengunduh ekspor.", "Reviews the usage reports of the clusters below and downloads exports."),
        ("budget.role.Mcot", "Meninjau laporan penggunaan dan mengunduh ekspor.", "Reviews usage reports and downloads exports."),
        ("budget.role.GmSbp", "Melihat dasbor, laporan dan bukti di cakupannya.", "Views the dashboards, reports and evidence of their scope."),
        ("budget.role.ClusterUser", "Mengirim laporan penggunaan dengan bukti foto untuk cluster-nya.", "Submits usage reports with photo evidence for their cluster."),
        ("budget.unitUsage", "Anggaran: {0}", "Budget: {0}"),
        ("budget.unitUsage.categories", "kategori pengeluaran", "spending categories"),
        ("budget.unitUsage.settings", "pengaturan area", "area settings"),
        ("budget.unitUsage.closedMonths", "bulan yang ditutup", "closed months"),
        ("budget.unitUsage.budgets", "anggaran bulanan", "monthly budgets"),
        ("budget.unitUsage.recommendations", "rekomendasi", "recommendations"),
        ("budget.unitUsage.reports", "laporan penggunaan", "usage reports"),
    ];
}
