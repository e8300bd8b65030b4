using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Categories;

internal sealed record CategoryItem(int Id, int AreaId, string Code, string Name, int SortOrder, bool IsActive);
internal sealed record CreateCategoryRequest(int? AreaId, string? Code, string? Name, int? SortOrder, bool? IsActive);
/// <summary>The code is not part of it: it identifies the category in imports and exports, so it never changes.</summary>
internal sealed record UpdateCategoryRequest(string? Name, int? SortOrder, bool? IsActive);
internal sealed record AreaSettingsItem(int AreaId, string OverspendPolicy);
internal sealed record UpdateAreaSettingsRequest(string? OverspendPolicy);

/// <summary>
/// The Area's spending categories and its over-spend policy. Everyone with a budget role reads the list of their Area;
/// AreaAdmin changes it. Categories are never deleted: deactivating hides them from new recommendations and reports and
/// keeps the history that refers to them.
/// </summary>
internal sealed partial class CategoryHandlers(ScopeService scopes, AuditLog audit)
{
    public const int CodeMax = 30;
    public const int NameMax = 100;

    public async Task<Outcome<List<CategoryItem>>> ListAsync(SigapDb db, ClaimsPrincipal user, int? areaId, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        int[] areaIds;
        if (areaId is { } id)
        {
            if (await SetupAccess.ReadableAreaAsync(db, scope, id, BudgetModule.ReadRoles, ct) is null) return Failure.NotFound;
            areaIds = [id];
        }
        else areaIds = (await SetupAccess.ReadableAreasAsync(db, scope, BudgetModule.ReadRoles, ct)).Select(a => a.Id).ToArray();

        return await db.Set<SpendingCategory>().AsNoTracking().Where(c => areaIds.Contains(c.AreaId))
            .OrderBy(c => c.AreaId).ThenBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CategoryItem(c.Id, c.AreaId, c.Code, c.Name, c.SortOrder, c.IsActive)).ToListAsync(ct);
    }

    public async Task<Outcome<CategoryItem>> CreateAsync(SigapDb db, ClaimsPrincipal user, CreateCategoryRequest req, CancellationToken ct)
    {
        var check = new Check();
        check.Required("areaId", req.AreaId);
        var code = req.Code?.Trim();
        var name = req.Name?.Trim();
        check.Text("code", code, CodeMax);
        if (!check.Has("code") && !CodePattern().IsMatch(code!)) check.Add("code", "budget.category.codeInvalid");
        check.Text("name", name, NameMax);
        check.Range("sortOrder", req.SortOrder ?? 0, 0, 9999);
        if (check.Failed) return Failure.Invalid(check);

        var scope = await scopes.ForAsync(user, ct);
        var area = await SetupAccess.ManagedAreaAsync(db, scope, req.AreaId!.Value, BudgetModule.ManageRoles, ct);
        if (area is null) return Failure.NotFound;
        if (await CodeTakenAsync(db, area.Id, code!, ct)) return Failure.Conflict("budget.category.codeTaken", code);

        var category = new SpendingCategory { AreaId = area.Id, Code = code!, Name = name!, SortOrder = req.SortOrder ?? 0, IsActive = req.IsActive ?? true };
        db.Add(category);
        try
        {
            // The audit entry needs the new id: two saves, one transaction.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            audit.Record(db, "budget.category.created", user.UserId(), "SpendingCategory", category.Id.ToString(), area.Id,
                new { @new = new { category.Code, category.Name, category.SortOrder, category.IsActive } });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone took the code between the check and the insert: the unique index says so.
            if (await CodeTakenAfterClearAsync(db, area.Id, code!, ct)) return Failure.Conflict("budget.category.codeTaken", code);
            throw;
        }
        return ToItem(category);
    }

    public async Task<Outcome<CategoryItem>> UpdateAsync(SigapDb db, ClaimsPrincipal user, int id, UpdateCategoryRequest req, CancellationToken ct)
    {
        var check = new Check();
        var name = req.Name?.Trim();
        check.Text("name", name, NameMax);
        if (req.SortOrder is { } order) check.Range("sortOrder", order, 0, 9999);
        if (check.Failed) return Failure.Invalid(check);

        var scope = await scopes.ForAsync(user, ct);
        var category = await db.Set<SpendingCategory>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null || await SetupAccess.ManagedAreaAsync(db, scope, category.AreaId, BudgetModule.ManageRoles, ct) is null)
            return Failure.NotFound;

        var old = new { category.Name, category.SortOrder, category.IsActive };
        category.Name = name!;
        category.SortOrder = req.SortOrder ?? category.SortOrder;
        category.IsActive = req.IsActive ?? category.IsActive;
        audit.Record(db, "budget.category.updated", user.UserId(), "SpendingCategory", category.Id.ToString(), category.AreaId,
            new { category.Code, old, @new = new { category.Name, category.SortOrder, category.IsActive } });
        await db.SaveChangesAsync(ct);
        return ToItem(category);
    }

    public async Task<Outcome<AreaSettingsItem>> GetSettingsAsync(SigapDb db, ClaimsPrincipal user, int areaId, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        if (await SetupAccess.ReadableAreaAsync(db, scope, areaId, BudgetModule.ReadRoles, ct) is null) return Failure.NotFound;
        var policy = await db.Set<BudgetAreaSettings>().AsNoTracking().Where(s => s.AreaId == areaId).Select(s => (OverspendPolicy?)s.OverspendPolicy)
            .FirstOrDefaultAsync(ct) ?? OverspendPolicy.Warn;
        return new AreaSettingsItem(areaId, policy.ToString());
    }

    public async Task<Outcome<AreaSettingsItem>> UpdateSettingsAsync(SigapDb db, ClaimsPrincipal user, int areaId, UpdateAreaSettingsRequest req, CancellationToken ct)
    {
        var check = new Check();
        check.Required("overspendPolicy", req.OverspendPolicy);
        OverspendPolicy policy = default;
        if (!check.Failed && (!Enum.TryParse(req.OverspendPolicy, ignoreCase: true, out policy) || !Enum.IsDefined(policy) || int.TryParse(req.OverspendPolicy, out _)))
            check.Add("overspendPolicy", "validation.enum", string.Join(", ", Enum.GetNames<OverspendPolicy>()));
        if (check.Failed) return Failure.Invalid(check);

        var scope = await scopes.ForAsync(user, ct);
        if (await SetupAccess.ManagedAreaAsync(db, scope, areaId, BudgetModule.ManageRoles, ct) is null) return Failure.NotFound;
        var settings = await db.Set<BudgetAreaSettings>().FirstOrDefaultAsync(s => s.AreaId == areaId, ct);
        var old = settings?.OverspendPolicy ?? OverspendPolicy.Warn;
        if (settings is null) db.Add(settings = new BudgetAreaSettings { AreaId = areaId });
        settings.OverspendPolicy = policy;
        audit.Record(db, "budget.settings.updated", user.UserId(), "BudgetAreaSettings", areaId.ToString(), areaId,
            new { old = new { OverspendPolicy = old.ToString() }, @new = new { OverspendPolicy = policy.ToString() } });
        await db.SaveChangesAsync(ct);
        return new AreaSettingsItem(areaId, policy.ToString());
    }

    private static Task<bool> CodeTakenAsync(SigapDb db, int areaId, string code, CancellationToken ct) =>
        db.Set<SpendingCategory>().AnyAsync(c => c.AreaId == areaId && c.Code.ToLower() == code.ToLower(), ct);

    private static async Task<bool> CodeTakenAfterClearAsync(SigapDb db, int areaId, string code, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await CodeTakenAsync(db, areaId, code, ct);
    }

    private static CategoryItem ToItem(SpendingCategory c) => new(c.Id, c.AreaId, c.Code, c.Name, c.SortOrder, c.IsActive);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex CodePattern();
}
