using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Org;

/// <summary>
/// Extension point: a module that keeps data per org unit registers one of these (AddScoped&lt;IOrgUnitUsage, …&gt;),
/// so a unit that still carries its data cannot be deleted, and the refusal says what holds it (Budget: BudgetUnitUsage).
/// </summary>
public interface IOrgUnitUsage
{
    /// <summary>What of the module still refers to the unit, in the current language ("Anggaran: anggaran bulanan"), or null.</summary>
    Task<string?> UsedByAsync(SigapDb db, int unitId, CancellationToken ct);
}

public sealed record OrgUnitItem(int Id, int? ParentId, OrgUnitKind Kind, string Code, string Name, string Path, int Depth);
public sealed record OrgUnitRef(int Id, OrgUnitKind Kind, string Code, string Name);
public sealed record OrgUnitDetail(int Id, int? ParentId, OrgUnitKind Kind, string Code, string Name, string Path, int Depth,
    OrgUnitRef? Parent, int ChildCount, DateTimeOffset CreatedAt);

public sealed record CreateUnitRequest(int? ParentId, string? Kind, string? Code, string? Name);
public sealed record UpdateUnitRequest(string? Code, string? Name);
public sealed record MoveUnitRequest(int? NewParentId);

/// <summary>Filters of the unit list: parent, kind, search text (code or name) and the page.</summary>
public sealed record UnitFilter(int? ParentId = null, string? Kind = null, string? Search = null, int? Page = null, int? PageSize = null);

/// <summary>
/// Use cases of the org tree. Called by the HTTP endpoints and in-process by the admin pages, so both give the same answers.
/// Read access: any signed-in user, within their own scope (the subtrees of all their grants). Changes: <see cref="Policies.OrgAdmin"/>
/// on the unit changed and on its (new) parent. A unit outside the caller's scope is "not found"; a visible unit the caller may not
/// change is "forbidden".
/// </summary>
public sealed partial class OrgUnitHandlers(IAuthorizationService auth, ScopeService scopes, AuditLog audit, TimeProvider clock,
    IEnumerable<IOrgUnitUsage> usages)
{
    public const int CodeMax = 40;
    public const int NameMax = 200;
    /// <summary>PostgreSQL advisory lock held by every change of the tree's shape (the migrator's is 727_001).</summary>
    private const long TreeLockKey = 727_002;

    /// <summary>Every unit under <paramref name="path"/> (itself included), in path order: one range scan of the Path index.</summary>
    public static IQueryable<OrgUnit> Subtree(SigapDb db, string path) =>
        db.OrgUnits.AsNoTracking().Where(ScopeQueries.Under(path)).OrderBy(u => u.Path);

    public async Task<Outcome<Paged<OrgUnitItem>>> ListAsync(SigapDb db, ClaimsPrincipal user, UnitFilter filter, CancellationToken ct)
    {
        var check = new Check();
        var paging = Paging.From(filter.Page, filter.PageSize, check);
        var kind = ParseKind(filter.Kind, "kind", check, required: false);
        check.MaxLength("search", filter.Search, NameMax);
        if (check.Failed) return Failure.Invalid(check);

        var scope = await scopes.ForAsync(user, ct);
        var query = db.OrgUnits.AsNoTracking().UnderAny(scope.Prefixes(scope.HeldRoles));
        if (filter.ParentId is { } parentId) query = query.Where(u => u.ParentId == parentId);
        if (kind is { } k) query = query.Where(u => u.Kind == k);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var text = filter.Search.Trim().ToLower();
            query = query.Where(u => u.Code.ToLower().Contains(text) || u.Name.ToLower().Contains(text));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(u => u.Path).Skip(paging.Skip).Take(paging.PageSize).Select(Item).ToListAsync(ct);
        return new Paged<OrgUnitItem>(items.Select(WithDepth).ToList(), paging.Page, paging.PageSize, total);
    }

    /// <summary>All units the caller can see, in path order (the admin tree).</summary>
    public async Task<List<OrgUnitItem>> VisibleAsync(SigapDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var items = await db.OrgUnits.AsNoTracking().UnderAny(scope.Prefixes(scope.HeldRoles)).OrderBy(u => u.Path).Select(Item).ToListAsync(ct);
        return items.Select(WithDepth).ToList();
    }

    public async Task<Outcome<OrgUnitDetail>> GetAsync(SigapDb db, ClaimsPrincipal user, int id, CancellationToken ct)
    {
        var unit = await VisibleUnitAsync(db, user, id, ct);
        if (unit is null) return Failure.NotFound;
        var parentRow = unit.ParentId is null ? null : await db.OrgUnits.AsNoTracking().Where(u => u.Id == unit.ParentId)
            .Select(u => new { Ref = new OrgUnitRef(u.Id, u.Kind, u.Code, u.Name), u.Path }).FirstOrDefaultAsync(ct);
        var children = await db.OrgUnits.CountAsync(u => u.ParentId == unit.Id, ct);
        // The parent of the unit a grant sits on lies outside the caller's scope: it is not shown.
        var scope = await scopes.ForAsync(user, ct);
        var parent = parentRow is not null && scope.Covers(parentRow.Path, scope.HeldRoles) ? parentRow.Ref : null;
        return new OrgUnitDetail(unit.Id, unit.ParentId, unit.Kind, unit.Code, unit.Name, unit.Path, unit.Depth, parent, children, unit.CreatedAt);
    }

    public async Task<Outcome<Paged<OrgUnitItem>>> SubtreeAsync(SigapDb db, ClaimsPrincipal user, int id, int? page, int? pageSize, CancellationToken ct)
    {
        var check = new Check();
        var paging = Paging.From(page, pageSize, check);
        if (check.Failed) return Failure.Invalid(check);
        var unit = await VisibleUnitAsync(db, user, id, ct);
        if (unit is null) return Failure.NotFound;
        // The caller's scope is closed under descendants, so the subtree of a visible unit is visible as a whole.
        var query = Subtree(db, unit.Path);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(paging.Skip).Take(paging.PageSize).Select(Item).ToListAsync(ct);
        return new Paged<OrgUnitItem>(items.Select(WithDepth).ToList(), paging.Page, paging.PageSize, total);
    }

    public async Task<Outcome<OrgUnitItem>> CreateAsync(SigapDb db, ClaimsPrincipal user, CreateUnitRequest req, CancellationToken ct)
    {
        var check = new Check();
        check.Required("parentId", req.ParentId);
        var kind = ParseKind(req.Kind, "kind", check, required: true);
        var code = req.Code?.Trim();
        var name = req.Name?.Trim();
        CheckCode(check, code);
        check.Text("name", name, NameMax);
        if (check.Failed) return Failure.Invalid(check);

        return await ChangeTreeAsync<OrgUnitItem>(db, async () =>
        {
            var parent = await VisibleUnitAsync(db, user, req.ParentId!.Value, ct);
            if (parent is null) return Failure.NotFound;
            if (!await MayManageAsync(user, parent)) return Failure.Forbidden;
            if (!OrgUnit.MayContain(parent.Kind, kind!.Value)) return Failure.Conflict("org.kind.notAllowed", parent.Kind, kind);
            if (await db.OrgUnits.AnyAsync(u => u.Code == code, ct)) return Failure.Conflict("org.code.taken", code);

            var unit = new OrgUnit
            {
                ParentId = parent.Id, Kind = kind.Value, Code = code!, Name = name!, CreatedAt = clock.GetUtcNow(),
                // The real path needs the id; until the second save a unique placeholder that no prefix query can match.
                Path = "#" + Guid.NewGuid().ToString("N"),
            };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync(ct);
            unit.Path = parent.Path + unit.Id + "/";
            audit.Record(db, "org.unit.created", user.UserId(), "OrgUnit", unit.Id.ToString(), unit.Id,
                new { @new = new { unit.ParentId, Kind = unit.Kind.ToString(), unit.Code, unit.Name, unit.Path } });
            await db.SaveChangesAsync(ct);
            return WithDepth(ToItem(unit));
        }, () => CodeConflictOrThrow(db, code!, ct), ct);
    }

    public async Task<Outcome<OrgUnitItem>> UpdateAsync(SigapDb db, ClaimsPrincipal user, int id, UpdateUnitRequest req, CancellationToken ct)
    {
        var check = new Check();
        var code = req.Code?.Trim();
        var name = req.Name?.Trim();
        CheckCode(check, code);
        check.Text("name", name, NameMax);
        if (check.Failed) return Failure.Invalid(check);

        var unit = await VisibleUnitAsync(db, user, id, ct, tracked: true);
        if (unit is null) return Failure.NotFound;
        if (await RefuseChangeAsync(user, unit, ct) is { } refused) return refused;
        if (code != unit.Code && await db.OrgUnits.AnyAsync(u => u.Code == code && u.Id != unit.Id, ct))
            return Failure.Conflict("org.code.taken", code);

        var old = new { unit.Code, unit.Name };
        unit.Code = code!;
        unit.Name = name!;
        audit.Record(db, "org.unit.updated", user.UserId(), "OrgUnit", unit.Id.ToString(), unit.Id, new { old, @new = new { unit.Code, unit.Name } });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await CodeConflictOrThrow(db, code!, ct);
        }
        return WithDepth(ToItem(unit));
    }

    public async Task<Outcome<OrgUnitItem>> MoveAsync(SigapDb db, ClaimsPrincipal user, int id, MoveUnitRequest req, CancellationToken ct)
    {
        var check = new Check();
        check.Required("newParentId", req.NewParentId);
        if (check.Failed) return Failure.Invalid(check);

        return await ChangeTreeAsync<OrgUnitItem>(db, async () =>
        {
            var unit = await VisibleUnitAsync(db, user, id, ct);
            if (unit is null) return Failure.NotFound;
            var parent = await VisibleUnitAsync(db, user, req.NewParentId!.Value, ct);
            if (parent is null) return Failure.NotFound;
            if (await RefuseChangeAsync(user, unit, ct) is { } refused) return refused;
            if (!await MayManageAsync(user, parent)) return Failure.Forbidden;
            if (parent.Path.StartsWith(unit.Path, StringComparison.Ordinal)) return Failure.Conflict("org.move.cycle");
            if (!OrgUnit.MayContain(parent.Kind, unit.Kind)) return Failure.Conflict("org.kind.notAllowed", parent.Kind, unit.Kind);
            if (parent.Id == unit.ParentId) return WithDepth(ToItem(unit));

            var oldPrefix = unit.Path;
            var newPrefix = parent.Path + unit.Id + "/";
            var unitId = unit.Id;
            var newParentId = (int?)parent.Id;
            // One set-based UPDATE re-roots the whole subtree (and re-parents the unit itself): no rows are loaded.
            var moved = await db.OrgUnits.Where(ScopeQueries.Under(oldPrefix)).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.Path, u => newPrefix + u.Path.Substring(oldPrefix.Length))
                .SetProperty(u => u.ParentId, u => u.Id == unitId ? newParentId : u.ParentId), ct);
            // Grants on the subtree now cover other paths: scopes held by open pages must reload.
            await GrantsVersions.RaiseAsync(db, GrantsVersions.Everyone, ct);
            audit.Record(db, "org.unit.moved", user.UserId(), "OrgUnit", unit.Id.ToString(), unit.Id, new
            {
                old = new { unit.ParentId, Path = oldPrefix },
                @new = new { ParentId = newParentId, Path = newPrefix },
                units = moved,
            });
            await db.SaveChangesAsync(ct);
            return WithDepth(ToItem(unit) with { ParentId = newParentId, Path = newPrefix });
        }, () => throw new InvalidOperationException("Moving an org unit was refused by the database."), ct);
    }

    public Task<Outcome<bool>> DeleteAsync(SigapDb db, ClaimsPrincipal user, int id, CancellationToken ct) =>
        ChangeTreeAsync<bool>(db, async () =>
        {
            var unit = await VisibleUnitAsync(db, user, id, ct, tracked: true);
            if (unit is null) return Failure.NotFound;
            if (await RefuseChangeAsync(user, unit, ct) is { } refused) return refused;
            if (await db.OrgUnits.AnyAsync(u => u.ParentId == unit.Id, ct)) return Failure.Conflict("org.unit.hasChildren");
            if (await db.RoleAssignments.AnyAsync(r => r.OrgUnitId == unit.Id, ct))
                return Failure.Conflict("org.unit.inUse", Localization.Texts.Get("org.unit.usage.roles"));
            if (await db.Set<StoredFile>().AnyAsync(f => f.OrgUnitId == unit.Id, ct))
                return Failure.Conflict("org.unit.inUse", Localization.Texts.Get("org.unit.usage.files"));
            foreach (var usage in usages)
                if (await usage.UsedByAsync(db, unit.Id, ct) is { } heldBy)
                    return Failure.Conflict("org.unit.inUse", heldBy);

            db.OrgUnits.Remove(unit);
            audit.Record(db, "org.unit.deleted", user.UserId(), "OrgUnit", unit.Id.ToString(), unit.ParentId,
                new { old = new { unit.ParentId, Kind = unit.Kind.ToString(), unit.Code, unit.Name, unit.Path } });
            await db.SaveChangesAsync(ct);
            return true;
        }, () => Task.FromResult( // module data arrived in between: a foreign key refused the delete
            Failure.Conflict("org.unit.inUse", Localization.Texts.Get("org.unit.usage.data"))), ct);

    /// <summary>The unit when it lies in the caller's scope; null when it does not exist or is out of scope (both answer 404).</summary>
    private async Task<OrgUnit?> VisibleUnitAsync(SigapDb db, ClaimsPrincipal user, int id, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.OrgUnits : db.OrgUnits.AsNoTracking();
        var unit = await query.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null) return null;
        var scope = await scopes.ForAsync(user, ct);
        return scope.Covers(unit.Path, scope.HeldRoles) ? unit : null;
    }

    private async Task<bool> MayManageAsync(ClaimsPrincipal user, OrgUnit unit) =>
        (await auth.AuthorizeAsync(user, unit, Policies.OrgAdmin)).Succeeded;

    /// <summary>The unit itself may be changed: OrgAdmin on it, and (unless SystemAdmin) not the unit the caller's own grant sits on.</summary>
    private async Task<Failure?> RefuseChangeAsync(ClaimsPrincipal user, OrgUnit unit, CancellationToken ct)
    {
        if (!await MayManageAsync(user, unit)) return Failure.Forbidden;
        var scope = await scopes.ForAsync(user, ct);
        if (!scope.IsSystemAdmin && scope.Grants.Any(g => g.UnitId == unit.Id)) return new Failure(FailureKind.Forbidden, "org.unit.ownGrant");
        return null;
    }

    /// <summary>
    /// Runs a change of the tree's shape (create, move, delete) in one transaction that holds the tree's lock, with every
    /// read it decides on (paths, the cycle check, children) made inside it: two moves at once could otherwise both pass
    /// the cycle check, or re-root a subtree under a parent path that had just changed. SQLite transactions take the
    /// database's one write lock when they begin; PostgreSQL takes a transaction-scoped advisory lock. Committed only
    /// when the work succeeds; when the database refuses a write (a unique index, a foreign key) the answer is
    /// <paramref name="whenRefused"/>.
    /// </summary>
    private static async Task<Outcome<T>> ChangeTreeAsync<T>(SigapDb db, Func<Task<Outcome<T>>> work, Func<Task<Failure>> whenRefused, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!db.IsSqlite) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({TreeLockKey})", ct);
        Outcome<T> result;
        try
        {
            result = await work();
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await whenRefused();
        }
        if (result.Ok) await tx.CommitAsync(ct);
        else
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
        }
        return result;
    }

    private static async Task<Failure> CodeConflictOrThrow(SigapDb db, string code, CancellationToken ct) =>
        await db.OrgUnits.AnyAsync(u => u.Code == code, ct)
            ? Failure.Conflict("org.code.taken", code)
            : throw new InvalidOperationException("Saving the org unit failed for a reason other than a taken code.");

    private static void CheckCode(Check check, string? code)
    {
        check.Text("code", code, CodeMax);
        if (!check.Has("code") && !CodePattern().IsMatch(code!)) check.Add("code", "org.code.pattern");
    }

    internal static OrgUnitKind? ParseKind(string? value, string field, Check check, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) check.Required(field, value);
            return null;
        }
        if (!value.Any(char.IsDigit) && Enum.TryParse<OrgUnitKind>(value.Trim(), ignoreCase: true, out var kind)) return kind;
        check.Add(field, "validation.enum", string.Join(", ", Enum.GetNames<OrgUnitKind>()));
        return null;
    }

    private static readonly System.Linq.Expressions.Expression<Func<OrgUnit, OrgUnitItem>> Item =
        u => new OrgUnitItem(u.Id, u.ParentId, u.Kind, u.Code, u.Name, u.Path, 0);

    private static OrgUnitItem ToItem(OrgUnit u) => new(u.Id, u.ParentId, u.Kind, u.Code, u.Name, u.Path, 0);
    private static OrgUnitItem WithDepth(OrgUnitItem i) => i with { Depth = i.Path.Count(c => c == '/') - 1 };

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex CodePattern();
}
