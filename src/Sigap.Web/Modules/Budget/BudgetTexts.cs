namespace Sigap.Web.Modules.Budget;

internal static class BudgetTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("budget.title", "Anggaran", "Budget"),
    ];
}
