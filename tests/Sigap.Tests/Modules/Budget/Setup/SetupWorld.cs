using Sigap.Web.Modules.Budget.Contracts;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Demo;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Modules.Budget.Setup;

/// <summary>
/// An Area of one test's own (area > region > branch > two clusters) with its own AreaAdmin and RegionAdmin: its
/// category list, closed months and history are seen by no other test, so counts and even splits are exact.
/// </summary>
internal sealed record SetupWorld(int AreaId, int RegionId, int BranchId, int ClusterA, int ClusterB, string Suffix, string AreaAdmin, string RegionAdmin)
{
    public string ClusterACode => "TCA-" + Suffix;
    public string ClusterBCode => "TCB-" + Suffix;

    public static async Task<SetupWorld> CreateAsync(SigapFactory app)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SigapDb>();
        var root = await db.OrgUnits.SingleAsync(u => u.Kind == OrgUnitKind.Root);
        async Task<OrgUnit> Add(OrgUnit parent, OrgUnitKind kind, string code)
        {
            var unit = new OrgUnit { ParentId = parent.Id, Kind = kind, Code = $"{code}-{suffix}", Name = $"{kind} {suffix}", Path = "#" + Guid.NewGuid().ToString("N"), CreatedAt = app.Clock.GetUtcNow() };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync();
            unit.Path = parent.Path + unit.Id + "/";
            await db.SaveChangesAsync();
            return unit;
        }
        var area = await Add(root, OrgUnitKind.Area, "TA");
        var region = await Add(area, OrgUnitKind.Region, "TR");
        var branch = await Add(region, OrgUnitKind.Branch, "TB");
        var a = await Add(branch, OrgUnitKind.Cluster, "TCA");
        var b = await Add(branch, OrgUnitKind.Cluster, "TCB");
        var areaAdmin = await UserAsync(scope.ServiceProvider, db, BudgetRoles.AreaAdmin, area.Id, suffix);
        var regionAdmin = await UserAsync(scope.ServiceProvider, db, BudgetRoles.RegionAdmin, region.Id, suffix);
        return new SetupWorld(area.Id, region.Id, branch.Id, a.Id, b.Id, suffix, areaAdmin, regionAdmin);
    }

    private static async Task<string> UserAsync(IServiceProvider services, SigapDb db, Role role, int unitId, string suffix)
    {
        var users = services.GetRequiredService<UserManager<SigapUser>>();
        var id = Guid.NewGuid().ToString("N")[..10];
        var user = new SigapUser
        {
            Id = Guid.CreateVersion7(), UserName = $"s{id}", Email = $"setup.{id}@test.sigap.id", EmailConfirmed = true,
            FirstName = role.ToString(), LastName = suffix, CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var created = await users.CreateAsync(user, DemoSeeder.Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        db.RoleAssignments.Add(new RoleAssignment { Id = Guid.CreateVersion7(), UserId = user.Id, Role = role, OrgUnitId = unitId, CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow() });
        await db.SaveChangesAsync();
        return user.Email;
    }

    public async Task<int> CategoryAsync(HttpClient areaAdmin, string code, int sortOrder)
    {
        var response = await areaAdmin.PostAsJsonAsync("/api/budget/categories", new { areaId = AreaId, code, name = "Kategori " + code, sortOrder });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Approved usage straight into the roll-ups, as approving reports would leave it.</summary>
    public static async Task ApprovedUsageAsync(SigapFactory app, int clusterId, int categoryId, int year, int month, long amount) =>
        await app.WithDbAsync(async db =>
        {
            var report = new UsageReport
            {
                ClusterId = clusterId, CategoryId = categoryId, Amount = amount, SpendDate = new DateOnly(year, month, 10), Year = year, Month = month,
                Description = "test", Status = ReportStatus.Approved, SubmittedAt = app.Clock.GetUtcNow(),
            };
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Add(report);
            await db.SaveChangesAsync();
            await UsageTotals.MoveAsync(db, report, null, ReportStatus.Approved, CancellationToken.None);
            await tx.CommitAsync();
        });
}
