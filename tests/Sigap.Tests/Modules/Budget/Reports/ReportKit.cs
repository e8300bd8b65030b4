using System.Net.Http.Headers;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Demo;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Modules.Budget.Reports;

/// <summary>Records and requests the report tests share: own categories, budgets, users and multipart submissions.</summary>
internal static class ReportKit
{
    public const string Password = "Sigap-Test-2026!";
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
    public static byte[] Png(int i = 0) => BudgetDemoSeed.Photo(i);

    public static Task<int> UnitIdAsync(this SigapFactory app, string code) =>
        app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).SingleAsync(Ct));

    public static Task<Guid> UserIdAsync(this SigapFactory app, string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));

    /// <summary>A category of its own (unique code) in the Area <paramref name="areaCode"/>.</summary>
    public static Task<int> CategoryAsync(this SigapFactory app, string areaCode = "A3", bool active = true) =>
        app.WithDbAsync(async db =>
        {
            var area = await db.OrgUnits.SingleAsync(u => u.Code == areaCode, Ct);
            var c = new SpendingCategory { AreaId = area.Id, Code = "T" + Guid.NewGuid().ToString("N")[..10], Name = "Uji " + Guid.NewGuid().ToString("N")[..6], SortOrder = 900, IsActive = active };
            db.Add(c);
            await db.SaveChangesAsync(Ct);
            return c.Id;
        });

    public static Task LimitsAsync(this SigapFactory app, int clusterId, int year, int month, long budget, int categoryId, long recommended) =>
        app.WithDbAsync(async db =>
        {
            var who = Guid.Empty;
            db.Add(new MonthlyBudget { ClusterId = clusterId, Year = year, Month = month, Amount = budget, UpdatedAt = app.Clock.GetUtcNow(), UpdatedBy = who });
            db.Add(new Recommendation { ClusterId = clusterId, Year = year, Month = month, CategoryId = categoryId, Amount = recommended, UpdatedAt = app.Clock.GetUtcNow(), UpdatedBy = who });
            await db.SaveChangesAsync(Ct);
        });

    /// <summary>A confirmed user of this test only, with the given role grants (role, unit code).</summary>
    public static async Task<(string Email, Guid Id)> UserAsync(this SigapFactory app, params (Role Role, string Unit)[] grants)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SigapUser>>();
        var db = scope.ServiceProvider.GetRequiredService<SigapDb>();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var user = new SigapUser { Id = Guid.CreateVersion7(), UserName = $"r{suffix}", Email = $"reports.{suffix}@test.sigap.id", EmailConfirmed = true, FirstName = "Uji", LastName = suffix, CreatedAt = app.Clock.GetUtcNow() };
        var created = await users.CreateAsync(user, Password);
        created.Succeeded.Should().BeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));
        foreach (var (role, unit) in grants)
        {
            var unitId = await db.OrgUnits.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync(Ct);
            db.RoleAssignments.Add(new RoleAssignment { Id = Guid.CreateVersion7(), UserId = user.Id, Role = role, OrgUnitId = unitId, CreatedAt = app.Clock.GetUtcNow() });
        }
        await db.SaveChangesAsync(Ct);
        return (user.Email!, user.Id);
    }

    public static MultipartFormDataContent Form(int clusterId, int categoryId, string amount, string date, string? description = "Booth akuisisi",
        IEnumerable<(string Name, byte[] Bytes)>? files = null, int? year = null, int? month = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(clusterId.ToString()), "clusterId" },
            { new StringContent(categoryId.ToString()), "categoryId" },
            { new StringContent(amount), "amount" },
            { new StringContent(date), "spendDate" },
        };
        if (description is not null) form.Add(new StringContent(description), "description");
        if (year is { } y) form.Add(new StringContent(y.ToString()), "year");
        if (month is { } m) form.Add(new StringContent(m.ToString()), "month");
        foreach (var (name, bytes) in files ?? [("nota.png", Png())])
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }
        return form;
    }

    public static async Task<ReportItem> SubmitOkAsync(HttpClient client, int clusterId, int categoryId, long amount, DateOnly date, int files = 1)
    {
        var response = await client.PostAsync("/api/budget/reports",
            Form(clusterId, categoryId, amount.ToString(), date.ToString("yyyy-MM-dd"), files: Enumerable.Range(0, files).Select(i => ($"nota{i}.png", Png(i)))), Ct);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ReportItem>(SigapFactory.Json, Ct))!;
    }

    public static async Task<(long Approved, long Pending, int ApprovedCount, int PendingCount)> TotalsAsync(this SigapFactory app, int clusterId, int year, int month, int categoryId) =>
        await app.WithDbAsync(async db =>
        {
            var t = await db.Set<UsageMonthlyTotal>().AsNoTracking().FirstOrDefaultAsync(t => t.ClusterId == clusterId && t.Year == year && t.Month == month && t.CategoryId == categoryId, Ct);
            return t is null ? (0L, 0L, 0, 0) : (t.ApprovedAmount, t.PendingAmount, t.ApprovedCount, t.PendingCount);
        });

    /// <summary>Creates Area &gt; Region &gt; Branch &gt; Cluster under the root (or a new root), returning the units by kind.</summary>
    public static Task<Dictionary<OrgUnitKind, OrgUnit>> TreeAsync(this SigapFactory app, string tag) =>
        app.WithDbAsync(async db =>
        {
            var units = new Dictionary<OrgUnitKind, OrgUnit>();
            var parent = await db.OrgUnits.FirstOrDefaultAsync(u => u.Kind == OrgUnitKind.Root, Ct);
            var kinds = parent is null
                ? new[] { OrgUnitKind.Root, OrgUnitKind.Area, OrgUnitKind.Region, OrgUnitKind.Branch, OrgUnitKind.Cluster }
                : [OrgUnitKind.Area, OrgUnitKind.Region, OrgUnitKind.Branch, OrgUnitKind.Cluster];
            if (parent is not null) units[OrgUnitKind.Root] = parent;
            foreach (var kind in kinds)
            {
                var unit = new OrgUnit { Kind = kind, Code = $"{kind.ToString()[..2].ToUpperInvariant()}-{tag}", Name = $"{kind} {tag}", ParentId = parent?.Id, CreatedAt = app.Clock.GetUtcNow() };
                db.OrgUnits.Add(unit);
                await db.SaveChangesAsync(Ct);
                unit.Path = (parent?.Path ?? "/") + unit.Id + "/";
                await db.SaveChangesAsync(Ct);
                units[kind] = parent = unit;
            }
            return units;
        });
}
