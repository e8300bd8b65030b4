using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Composition;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Auth;

public sealed record UserItem(Guid Id, string? UserName, string? Email, string FirstName, string? LastName, string? Phone,
    bool IsActive, bool Locked, bool EmailConfirmed, DateTimeOffset CreatedAt);
public sealed record RoleAssignmentItem(Guid Id, Role Role, int UnitId, string UnitCode, string UnitName, OrgUnitKind UnitKind, DateTimeOffset CreatedAt);
public sealed record UserDetail(UserItem User, IReadOnlyList<RoleAssignmentItem> Roles);

public sealed record CreateUserRequest(string? FirstName, string? LastName, string? Email, string? UserName, string? Phone, string? Password);
public sealed record UpdateUserRequest(string? FirstName, string? LastName, string? Phone, bool? IsActive);
public sealed record GrantRoleRequest(string? Role, int? UnitId);

/// <summary>
/// User and role administration (SystemAdmin only; the endpoints and pages carry the policy). Works on any SigapDb,
/// so a Blazor page can pass a short-lived context of its own. Role changes are security events: always audited.
/// </summary>
public sealed class UserAdminHandlers(ModuleCatalog catalog, IPasswordHasher<SigapUser> hasher, ILookupNormalizer normalizer, AuditLog audit,
    Sessions sessions, TimeProvider clock)
{
    public async Task<Outcome<Paged<UserItem>>> ListAsync(SigapDb db, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        var check = new Check();
        var paging = Paging.From(page, pageSize, check);
        check.MaxLength("search", search, 256);
        if (check.Failed) return Failure.Invalid(check);

        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim().ToLower();
            query = query.Where(u => u.FirstName.ToLower().Contains(text) || (u.LastName != null && u.LastName.ToLower().Contains(text))
                || (u.Email != null && u.Email.ToLower().Contains(text)) || (u.UserName != null && u.UserName.ToLower().Contains(text)));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(u => u.FirstName).ThenBy(u => u.LastName).ThenBy(u => u.Id)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new Paged<UserItem>(rows.Select(u => ToItem(u, now)).ToList(), paging.Page, paging.PageSize, total);
    }

    public async Task<Outcome<UserDetail>> GetAsync(SigapDb db, Guid id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Failure.NotFound;
        return new UserDetail(ToItem(user, clock.GetUtcNow()), await RolesOfAsync(db, id, ct));
    }

    public async Task<Outcome<IReadOnlyList<RoleAssignmentItem>>> RolesAsync(SigapDb db, Guid id, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == id, ct)) return Failure.NotFound;
        return Outcome(await RolesOfAsync(db, id, ct));
    }

    public async Task<Outcome<UserItem>> CreateAsync(SigapDb db, ClaimsPrincipal caller, CreateUserRequest req, CancellationToken ct)
    {
        var check = new Check();
        var email = req.Email?.Trim();
        var userName = string.IsNullOrWhiteSpace(req.UserName) ? email : req.UserName.Trim();
        check.Text("firstName", req.FirstName?.Trim(), 100).MaxLength("lastName", req.LastName?.Trim(), 100);
        check.Required("email", email).Email("email", email);
        if (!string.IsNullOrWhiteSpace(req.UserName)) check.Username("userName", userName);
        check.Phone("phone", req.Phone).Password("password", req.Password);
        if (check.Failed) return Failure.Invalid(check);

        var normalizedEmail = normalizer.NormalizeEmail(email)!;
        var normalizedName = normalizer.NormalizeName(userName)!;
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct)) return Failure.Conflict("admin.user.emailTaken");
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalizedName, ct)) return Failure.Conflict("admin.user.userNameTaken");

        var user = new SigapUser
        {
            Id = Guid.CreateVersion7(),
            FirstName = req.FirstName!.Trim(),
            LastName = string.IsNullOrWhiteSpace(req.LastName) ? null : req.LastName.Trim(),
            Email = email, NormalizedEmail = normalizedEmail,
            UserName = userName, NormalizedUserName = normalizedName,
            // An administrator vouches for the address, so the user can sign in at once.
            EmailConfirmed = true,
            PhoneNumber = Phones.ToE164(req.Phone),
            LockoutEnabled = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, req.Password!);
        db.Users.Add(user);
        audit.Record(db, "admin.user.created", caller.UserId(), "User", user.Id.ToString(), null,
            new { @new = new { user.Email, user.UserName, user.FirstName, user.LastName, Phone = user.PhoneNumber } });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone registered the same address in between.
            return Failure.Conflict("admin.user.emailTaken");
        }
        return ToItem(user, clock.GetUtcNow());
    }

    public async Task<Outcome<UserItem>> UpdateAsync(SigapDb db, ClaimsPrincipal caller, Guid id, UpdateUserRequest req, CancellationToken ct)
    {
        var check = new Check();
        check.Text("firstName", req.FirstName?.Trim(), 100).MaxLength("lastName", req.LastName?.Trim(), 100).Phone("phone", req.Phone);
        if (check.Failed) return Failure.Invalid(check);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Failure.NotFound;
        if (req.IsActive == false && id == caller.UserId()) return Failure.Conflict("admin.user.self");

        var old = new { user.FirstName, user.LastName, Phone = user.PhoneNumber, user.IsActive };
        user.FirstName = req.FirstName!.Trim();
        user.LastName = string.IsNullOrWhiteSpace(req.LastName) ? null : req.LastName.Trim();
        var phone = Phones.ToE164(req.Phone);
        if (phone != user.PhoneNumber) user.PhoneNumber = phone;
        if (req.IsActive is { } active && active != user.IsActive)
        {
            user.IsActive = active;
            // A deactivated user's cookies and tokens stop being accepted at their next validation.
            if (!active) user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Record(db, "admin.user.updated", caller.UserId(), "User", user.Id.ToString(), null,
            new { old, @new = new { user.FirstName, user.LastName, Phone = user.PhoneNumber, user.IsActive } });
        await db.SaveChangesAsync(ct);
        // Their cookies and tokens stop at the next request, not when the access token expires.
        if (!user.IsActive) await sessions.RevokeAllAsync(db, user.Id, ct: ct);
        return ToItem(user, clock.GetUtcNow());
    }

    public async Task<Outcome<UserItem>> SetLockedAsync(SigapDb db, ClaimsPrincipal caller, Guid id, bool locked, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return Failure.NotFound;
        if (locked && id == caller.UserId()) return Failure.Conflict("admin.user.self");
        var now = clock.GetUtcNow();
        if (locked)
        {
            // Locked until an administrator unlocks (a century is "for good" without provider-specific infinity).
            user.LockoutEnabled = true;
            user.LockoutEnd = now.AddYears(100);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        else
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Record(db, locked ? "admin.user.locked" : "admin.user.unlocked", caller.UserId(), "User", user.Id.ToString());
        await db.SaveChangesAsync(ct);
        if (locked) await sessions.RevokeAllAsync(db, user.Id, ct: ct);
        return ToItem(user, now);
    }

    public async Task<Outcome<RoleAssignmentItem>> GrantAsync(SigapDb db, ClaimsPrincipal caller, Guid id, GrantRoleRequest req, CancellationToken ct)
    {
        var check = new Check();
        Role role = default;
        if (string.IsNullOrWhiteSpace(req.Role)) check.Required("role", req.Role);
        else if (catalog.Find(req.Role) is { } found) role = found;
        else check.Add("role", "validation.enum", string.Join(", ", catalog.Roles));
        check.Required("unitId", req.UnitId);
        if (check.Failed) return Failure.Invalid(check);

        if (!await db.Users.AnyAsync(u => u.Id == id, ct)) return Failure.NotFound;
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == req.UnitId, ct);
        if (unit is null) return Failure.Field("unitId", "admin.role.unitNotFound");
        if (await db.RoleAssignments.AnyAsync(r => r.UserId == id && r.Role == role && r.OrgUnitId == unit.Id, ct))
            return Failure.Conflict("admin.role.duplicate", role);

        var now = clock.GetUtcNow();
        var grant = new RoleAssignment { Id = Guid.CreateVersion7(), UserId = id, Role = role, OrgUnitId = unit.Id, CreatedAt = now, CreatedBy = caller.UserId() };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.RoleAssignments.Add(grant);
        audit.Record(db, "admin.role.granted", caller.UserId(), "User", id.ToString(), unit.Id,
            new { @new = new { AssignmentId = grant.Id, Role = role.ToString(), UnitId = unit.Id, UnitCode = unit.Code } });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Failure.Conflict("admin.role.duplicate", role);
        }
        await GrantsVersions.RaiseAsync(db, id, ct);
        await tx.CommitAsync(ct);
        return new RoleAssignmentItem(grant.Id, role, unit.Id, unit.Code, unit.Name, unit.Kind, now);
    }

    public async Task<Outcome<bool>> RevokeAsync(SigapDb db, ClaimsPrincipal caller, Guid id, Guid assignmentId, CancellationToken ct)
    {
        var grant = await db.RoleAssignments.Include(r => r.OrgUnit).FirstOrDefaultAsync(r => r.Id == assignmentId && r.UserId == id, ct);
        if (grant is null) return Failure.NotFound;
        // An administrator cannot saw off the branch they sit on.
        if (id == caller.UserId() && grant.Role == Role.SystemAdmin) return Failure.Conflict("admin.user.self");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.RoleAssignments.Remove(grant);
        audit.Record(db, "admin.role.revoked", caller.UserId(), "User", id.ToString(), grant.OrgUnitId,
            new { old = new { AssignmentId = grant.Id, Role = grant.Role.ToString(), UnitId = grant.OrgUnitId, UnitCode = grant.OrgUnit?.Code } });
        await db.SaveChangesAsync(ct);
        await GrantsVersions.RaiseAsync(db, id, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static async Task<IReadOnlyList<RoleAssignmentItem>> RolesOfAsync(SigapDb db, Guid id, CancellationToken ct) =>
        await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == id)
            .Join(db.OrgUnits, r => r.OrgUnitId, u => u.Id, (r, u) => new { r, u })
            .OrderBy(x => x.u.Path).ThenBy(x => x.r.Role)
            .Select(x => new RoleAssignmentItem(x.r.Id, x.r.Role, x.u.Id, x.u.Code, x.u.Name, x.u.Kind, x.r.CreatedAt))
            .ToListAsync(ct);

    private static Outcome<IReadOnlyList<RoleAssignmentItem>> Outcome(IReadOnlyList<RoleAssignmentItem> roles) => new(roles, null);

    private static UserItem ToItem(SigapUser u, DateTimeOffset now) => new(u.Id, u.UserName, u.Email, u.FirstName, u.LastName, u.PhoneNumber,
        u.IsActive, u.LockoutEnd is { } end && end > now, u.EmailConfirmed, u.CreatedAt);
}
