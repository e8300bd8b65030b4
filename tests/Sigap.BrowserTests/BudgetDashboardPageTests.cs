using Sigap.Web.Modules.Budget.Contracts;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Dashboard;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Sigap.BrowserTests;

/// <summary>The /budget dashboard in Chromium: the area admin opens it at the Area and drills down region → branch → cluster.</summary>
[Collection(BudgetData.Name)]
public sealed class BudgetDashboardPageTests(BrowserApp app)
{
    [Fact]
    public async Task Area_admin_drills_down_from_the_area_to_a_cluster_and_back()
    {
        var categoryName = "Dasbor " + Guid.NewGuid().ToString("N")[..6];
        var (names, expectedApproved) = await InsertThisMonthAsync(categoryName);

        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await SignInTests.SignInAsync(page, "area@demo.sigap.id", BrowserApp.Password);
        await Expect(page.GetByTestId("welcome")).ToBeVisibleAsync();

        await page.GotoAsync("/budget");
        await SignInTests.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("budget-nav")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dash-unit")).ToHaveTextAsync(names["A3"]);
        // The Area card shows what the handler sums in SQL, whatever else the demo seed has put in this month.
        await Expect(page.GetByTestId("dash-card-approved")).ToContainTextAsync(Money.Rupiah(expectedApproved["A3"]));
        await Expect(page.GetByTestId("dash-child-R-JATIM")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dash-monthly")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dash-daily")).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(page, "budget-dashboard-area");

        await page.GetByTestId("dash-child-R-JATIM").ClickAsync();
        await Expect(page.GetByTestId("dash-unit")).ToHaveTextAsync(names["R-JATIM"]);
        await Expect(page.GetByTestId("dash-card-approved")).ToContainTextAsync(Money.Rupiah(expectedApproved["R-JATIM"]));
        await page.GetByTestId("dash-child-B-SBY").ClickAsync();
        await Expect(page.GetByTestId("dash-unit")).ToHaveTextAsync(names["B-SBY"]);
        await page.GetByTestId("dash-child-C-SBY-TIM").ClickAsync();
        await Expect(page.GetByTestId("dash-unit")).ToHaveTextAsync(names["C-SBY-TIM"]);
        await Expect(page.GetByTestId("dash-card-approved")).ToContainTextAsync(Money.Rupiah(expectedApproved["C-SBY-TIM"]));
        await Expect(page.GetByTestId("dash-children")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("dash-categories")).ToContainTextAsync(categoryName);
        (await page.GetByTestId("dash-breadcrumb").InnerTextAsync()).Should().ContainAll(names["A3"], names["R-JATIM"], names["B-SBY"]);
        await BrowserApp.ShotAsync(page, "budget-dashboard-cluster");

        await page.GetByTestId("dash-breadcrumb").GetByRole(AriaRole.Button, new() { Name = names["A3"] }).ClickAsync();
        await Expect(page.GetByTestId("dash-unit")).ToHaveTextAsync(names["A3"]);

        var phone = await app.NewPageAsync(390, 844);
        await phone.GotoAsync("/account/login");
        await SignInTests.SignInAsync(phone, "area@demo.sigap.id", BrowserApp.Password);
        await Expect(phone.GetByTestId("welcome")).ToBeVisibleAsync();
        await phone.GotoAsync("/budget");
        await SignInTests.WaitForCircuitAsync(phone);
        await Expect(phone.GetByTestId("dash-child-R-BALNUS")).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(phone, "budget-dashboard-area-phone");
        await phone.GetByTestId("dash-child-R-JATIM").ClickAsync();
        await phone.GetByTestId("dash-child-B-SBY").ClickAsync();
        await phone.GetByTestId("dash-child-C-SBY-TIM").ClickAsync();
        await Expect(phone.GetByTestId("dash-categories")).ToContainTextAsync(categoryName);
        await BrowserApp.ShotAsync(phone, "budget-dashboard-cluster-phone");
        var width = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
        width.Should().BeLessThanOrEqualTo(390, "the dashboard fits a phone without sideways scrolling");
    }

    /// <summary>A category, budgets, recommendations and reports (with their roll-ups) for this month in WIB; the figures each unit should show.</summary>
    private async Task<(Dictionary<string, string> Names, Dictionary<string, long> Approved)> InsertThisMonthAsync(string categoryName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SigapDb>();
        var dashboard = scope.ServiceProvider.GetRequiredService<BudgetDashboard>();
        var (year, month) = dashboard.ThisMonth();
        var codes = new[] { "A3", "R-JATIM", "R-BALNUS", "B-SBY", "C-SBY-TIM", "C-SBY-BAR", "C-DPS" };
        var units = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code);
        var category = new SpendingCategory { AreaId = units["A3"].Id, Code = "BD" + Guid.NewGuid().ToString("N")[..8], Name = categoryName, SortOrder = 0 };
        db.Add(category);
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UtcNow;
        var who = Guid.NewGuid();
        foreach (var (code, amount) in new[] { ("C-SBY-TIM", 15_000_000L), ("C-SBY-BAR", 9_000_000L), ("C-DPS", 4_000_000L) })
        {
            var cluster = units[code].Id;
            if (!await db.Set<MonthlyBudget>().AnyAsync(b => b.ClusterId == cluster && b.Year == year && b.Month == month))
                db.Add(new MonthlyBudget { ClusterId = cluster, Year = year, Month = month, Amount = amount, UpdatedAt = now, UpdatedBy = who });
            db.Add(new Recommendation { ClusterId = cluster, Year = year, Month = month, CategoryId = category.Id, Amount = amount / 2, UpdatedAt = now, UpdatedBy = who });
        }
        await db.SaveChangesAsync();
        foreach (var (code, amount, day, status) in new[]
                 {
                     ("C-SBY-TIM", 3_250_000L, 1, ReportStatus.Approved), ("C-SBY-TIM", 8_000_000L, 2, ReportStatus.Approved),
                     ("C-SBY-BAR", 1_500_000L, 1, ReportStatus.Pending), ("C-DPS", 2_100_000L, 1, ReportStatus.Approved),
                 })
        {
            var report = new UsageReport
            {
                ClusterId = units[code].Id, CategoryId = category.Id, Amount = amount, SpendDate = new DateOnly(year, month, day), Year = year, Month = month,
                Description = "browser dashboard test", Status = status, SubmittedBy = who, SubmittedAt = now,
            };
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Add(report);
            await db.SaveChangesAsync();
            await UsageTotals.MoveAsync(db, report, null, status, default);
            await tx.CommitAsync();
        }

        // What each level should show, asked of the same handler the page calls (other tests and the demo seed may add to the month).
        var areaAdmin = new UserScope(Guid.NewGuid(), [new ScopeGrant(BudgetRoles.AreaAdmin, units["A3"].Id, "A3", units["A3"].Name, units["A3"].Kind, units["A3"].Path)]);
        var approved = new Dictionary<string, long>();
        foreach (var code in new[] { "A3", "R-JATIM", "C-SBY-TIM" })
        {
            var view = (await dashboard.GetAsync(db, areaAdmin, units[code].Id, year, month, default)).Value!;
            approved[code] = view.Totals.Approved;
        }
        approved["C-SBY-TIM"].Should().BeGreaterThanOrEqualTo(11_250_000);
        return (units.ToDictionary(u => u.Key, u => u.Value.Name), approved);
    }
}
