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
/// Demo data for the run command's demo mode only (never production): the Area 3 org tree and one user per role.
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

    public static readonly (string Email, string First, string Last, Role Role, string Unit)[] Users =
    [
        ("admin@demo.sigap.id", "Admin", "Sistem", Role.SystemAdmin, "ROOT"),
        ("area@demo.sigap.id", "Admin", "Area 3", Role.AreaAdmin, "A3"),
        ("region.jatim@demo.sigap.id", "Admin", "Region Jatim", Role.RegionAdmin, "R-JATIM"),
        ("region.balnus@demo.sigap.id", "Admin", "Region Balnus", Role.RegionAdmin, "R-BALNUS"),
        ("branch.sby@demo.sigap.id", "Manajer", "Branch Surabaya", Role.BranchManager, "B-SBY"),
        ("mcot.jatim@demo.sigap.id", "MCOT", "Jatim", Role.Mcot, "R-JATIM"),
        ("gm.jatim@demo.sigap.id", "GM SBP", "Jatim", Role.GmSbp, "R-JATIM"),
        ("cluster.sbytim@demo.sigap.id", "Cluster", "Surabaya Timur", Role.ClusterUser, "C-SBY-TIM"),
        ("cluster.dps@demo.sigap.id", "Cluster", "Denpasar", Role.ClusterUser, "C-DPS"),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.OrgUnits.AnyAsync(ct))
        {
            PrintLogins();
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

        foreach (var (email, first, last, role, unit) in Users)
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
            db.RoleAssignments.Add(new RoleAssignment { Id = Guid.CreateVersion7(), UserId = user.Id, Role = role, OrgUnitId = byCode[unit].Id, CreatedAt = now });
        }
        await db.SaveChangesAsync(ct);
        foreach (var seed in moduleSeeds) await seed.SeedAsync(db, ct);
        log.LogInformation("Seeded demo data: {Units} units, {Users} users", Units.Length, Users.Length);
        PrintLogins();
    }

    private static void PrintLogins()
    {
        Console.WriteLine();
        Console.WriteLine($"Sigap demo logins (password for all: {Password}):");
        foreach (var (email, _, _, role, unit) in Users)
            Console.WriteLine($"  {email,-32} {role,-14} {unit}");
        Console.WriteLine();
    }
}
