using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Data;

/// <summary>
/// An org unit that Budget's rows refer to cannot be deleted: the admin is told which data holds it instead of the
/// foreign key refusing the delete with a generic message.
/// </summary>
internal sealed class BudgetUnitUsage : IOrgUnitUsage
{
    public async Task<string?> UsedByAsync(SigapDb db, int unitId, CancellationToken ct)
    {
        var held = new List<string>();
        if (await db.Set<SpendingCategory>().AnyAsync(c => c.AreaId == unitId, ct)) held.Add("budget.unitUsage.categories");
        if (await db.Set<BudgetAreaSettings>().AnyAsync(s => s.AreaId == unitId, ct)) held.Add("budget.unitUsage.settings");
        if (await db.Set<ClosedMonth>().AnyAsync(m => m.AreaId == unitId, ct)) held.Add("budget.unitUsage.closedMonths");
        if (await db.Set<MonthlyBudget>().AnyAsync(b => b.ClusterId == unitId, ct)) held.Add("budget.unitUsage.budgets");
        if (await db.Set<Recommendation>().AnyAsync(r => r.ClusterId == unitId, ct)) held.Add("budget.unitUsage.recommendations");
        if (await db.Set<UsageReport>().AnyAsync(r => r.ClusterId == unitId, ct)) held.Add("budget.unitUsage.reports");
        return held.Count == 0 ? null : Texts.Get("budget.unitUsage", string.Join(", ", held.Select(key => Texts.Get(key))));
    }
}
