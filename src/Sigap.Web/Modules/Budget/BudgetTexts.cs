namespace Sigap.Web.Modules.Budget;

internal static class BudgetTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("budget.title", "Anggaran", "Budget"),
        ("budget.unitUsage", "Anggaran: {0}", "Budget: {0}"),
        ("budget.unitUsage.categories", "kategori pengeluaran", "spending categories"),
        ("budget.unitUsage.settings", "pengaturan area", "area settings"),
        ("budget.unitUsage.closedMonths", "bulan yang ditutup", "closed months"),
        ("budget.unitUsage.budgets", "anggaran bulanan", "monthly budgets"),
        ("budget.unitUsage.recommendations", "rekomendasi", "recommendations"),
        ("budget.unitUsage.reports", "laporan penggunaan", "usage reports"),
    ];
}
