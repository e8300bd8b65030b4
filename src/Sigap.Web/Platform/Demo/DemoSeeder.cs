using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Demo;

/// <summary>A module's demo data, run after the platform's (org tree and users exist) on first start in demo mode only.</summary>
public interface IDemoSeed
{
    Task SeedAsync(SigapDb db, CancellationToken ct);
}

/// <summary>
/// Demo data for the run command's demo mode only (never production): the Area 3 org tree and the system admin; the
/// modules seed their own users (one per role) and data.
/// Idempotent: seeds only into an empty database, so restarts keep what the user changed.
/// </summary>
public sealed class DemoSeeder(SigapDb db, UserManager<SigapUser> users, TimeProvider clock, IEnumerable<IDemoSeed> moduleSeeds, ILogger<DemoSeeder> log)
{
    public const string Password = "Sigap-Demo-2026!";

    public static readonly (string Code, string Name, OrgUnitKind Kind, string? Parent)[] Units =
    [
        ("ROOT", "Sigap", OrgUnitKind.Root, null),
        ("A3", "Area 3 Jawa Bali", OrgUnitKind.Area, "ROOT"),
        ("R-JATIM", "Jawa Timur", OrgUnitKind.Region, "A3"),
        ("R-BALNUS", "Bali Nusra", OrgUnitKind.Region, "A3"),
        ("B-SBY", "Surabaya", OrgUnitKind.Branch, "R-JATIM"),
        ("B-MLG", "Malang", OrgUnitKind.Branch, "R-JATIM"),
        ("B-DPS", "Denpasar", OrgUnitKind.Branch, "R-BALNUS"),
        ("C-SBY-TIM", "SBP Surabaya Timur", OrgUnitKind.Cluster, "B-SBY"),
        ("C-SBY-BAR", "SBP Surabaya Barat", OrgUnitKind.Cluster, "B-SBY"),
        ("C-MLG-KOTA", "SBP Malang Kota", OrgUnitKind.Cluster, "B-MLG"),
        ("C-DPS", "SBP Denpasar", OrgUnitKind.Cluster, "B-DPS"),
    ];

    /// <summary>The platform's own demo login; modules add theirs with <see cref="AddUserAsync"/> in their <see cref="IDemoSeed"/>.</summary>
    public const string AdminEmail = "admin@demo.sigap.id";

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.OrgUnits.AnyAsync(ct))
        {
            await PrintLoginsAsync(ct);
            return;
        }
        var now = clock.GetUtcNow();
        var byCode = new Dictionary<string, OrgUnit>();
        foreach (var (code, name, kind, parent) in Units)
        {
            var parentUnit = parent is null ? null : byCode[parent];
            var unit = new OrgUnit { Code = code, Name = name, Kind = kind, ParentId = parentUnit?.Id, Path = "", CreatedAt = now };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync(ct); // the id makes the path
            unit.Path = (parentUnit?.Path ?? "/") + unit.Id + "/";
            await db.SaveChangesAsync(ct);
            byCode[code] = unit;
        }

        await AddUserAsync(db, users, AdminEmail, "Admin", "Sistem", Role.SystemAdmin, "ROOT", now, ct);
        foreach (var seed in moduleSeeds) await seed.SeedAsync(db, ct);
        log.LogInformation("Seeded demo data: {Units} units, {Users} users", Units.Length, await db.Users.CountAsync(ct));
        await PrintLoginsAsync(ct);
    }

    /// <summary>A confirmed demo user with the demo password and one role on the unit of that code.</summary>
    public static async Task AddUserAsync(SigapDb db, UserManager<SigapUser> users, string email, string first, string last, Role role, string unitCode,
        DateTimeOffset now, CancellationToken ct)
    {
        var user = new SigapUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email.Split('@')[0],
            Email = email,
            EmailConfirmed = true,
            FirstName = first,
            LastName = last,
            CreatedAt = now,
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        var unitId = await db.OrgUnits.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync(ct);
        db.RoleAssignments.Add(new RoleAssignment { Id = Guid.CreateVersion7(), UserId = user.Id, Role = role, OrgUnitId = unitId, CreatedAt = now });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every demo login with its roles, as the platform and the modules seeded them.</summary>
    private async Task PrintLoginsAsync(CancellationToken ct)
    {
        var logins = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@demo.sigap.id")).OrderBy(u => u.Id)
            .Select(u => new
            {
                u.Email,
                Grants = db.RoleAssignments.Where(r => r.UserId == u.Id).Join(db.OrgUnits, r => r.OrgUnitId, o => o.Id, (r, o) => new { r.Role, o.Code }).ToList(),
            })
            .ToListAsync(ct);
        Console.WriteLine();
        Console.WriteLine($"Sigap demo logins (password for all: {Password}):");
        foreach (var login in logins)
            Console.WriteLine($"  {login.Email,-32} {string.Join(", ", login.Grants.Select(g => $"{g.Role,-14} {g.Code}"))}");
        Console.WriteLine();
    }
}
