using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Sigap.BrowserTests;

/// <summary>The Area admin sets a cluster's budget; the region admin fills the suggested split and saves it.</summary>
[Collection(BudgetData.Name)]
public sealed class BudgetSetupPagesTests(BrowserApp app)
{
    private const int Year = 2039;
    private const int Month = 4;

    private async Task<IPage> SignedInAsync(string login)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await SignInTests.SignInAsync(page, login, BrowserApp.Password);
        await Expect(page.GetByTestId("welcome")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Area_admin_sets_a_budget_and_region_admin_saves_the_suggested_recommendation()
    {
        int clusterId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SigapDb>();
            var area = await db.OrgUnits.SingleAsync(u => u.Code == "A3", TestContext.Current.CancellationToken);
            clusterId = await db.OrgUnits.Where(u => u.Code == "C-SBY-TIM").Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
            var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            db.AddRange(
                new SpendingCategory { AreaId = area.Id, Code = "AKU" + suffix, Name = "Poin Uji A " + suffix, SortOrder = 1 },
                new SpendingCategory { AreaId = area.Id, Code = "OUT" + suffix, Name = "Poin Uji B " + suffix, SortOrder = 2 });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var admin = await SignedInAsync("area@demo.sigap.id");
        await admin.GotoAsync($"/budget/setup/budgets?unitId={clusterId}&year={Year}&month={Month}");
        await SignInTests.WaitForCircuitAsync(admin);
        await Expect(admin.GetByTestId("budget-nav")).ToContainTextAsync("Anggaran");
        var amount = admin.GetByTestId("amount-C-SBY-TIM").Locator("input");
        await amount.FillAsync("12345000");
        await amount.PressAsync("Tab");
        await admin.GetByTestId("save-C-SBY-TIM").ClickAsync();
        await Expect(admin.Locator(".rz-notification")).ToContainTextAsync("Rp 12.345.000");
        await BrowserApp.ShotAsync(admin, "budget-setup-budgets");

        await admin.GotoAsync("/budget/setup/months");
        await SignInTests.WaitForCircuitAsync(admin);
        await Expect(admin.GetByTestId("month-12")).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(admin, "budget-setup-months");
        await admin.GotoAsync("/budget/setup/categories");
        await SignInTests.WaitForCircuitAsync(admin);
        await Expect(admin.Locator("main")).ToContainTextAsync("Poin Uji A");
        await BrowserApp.ShotAsync(admin, "budget-setup-categories");

        var region = await SignedInAsync("region.jatim@demo.sigap.id");
        await region.GotoAsync($"/budget/setup/recommendations?clusterId={clusterId}&year={Year}&month={Month}");
        await SignInTests.WaitForCircuitAsync(region);
        await Expect(region.GetByTestId("rec-budget")).ToHaveTextAsync("Rp 12.345.000");
        await region.GetByTestId("use-suggestion").ClickAsync();
        await Expect(region.GetByTestId("suggestion-note")).ToBeVisibleAsync();
        // Whatever the method, the suggestion uses the whole budget (a multiple of Rp 1.000) and never more.
        await Expect(region.GetByTestId("rec-total")).ToHaveTextAsync("Rp 12.345.000");
        await region.GetByTestId("rec-save").ClickAsync();
        await Expect(region.Locator(".rz-notification")).ToContainTextAsync("Tersimpan");
        await BrowserApp.ShotAsync(region, "budget-setup-recommendations");

        await using var check = app.Services.CreateAsyncScope();
        var saved = await check.ServiceProvider.GetRequiredService<SigapDb>().Set<Recommendation>()
            .Where(r => r.ClusterId == clusterId && r.Year == Year && r.Month == Month).SumAsync(r => r.Amount, TestContext.Current.CancellationToken);
        saved.Should().Be(12_345_000);

        var phone = await SignedInAsync("region.jatim@demo.sigap.id");
        await phone.SetViewportSizeAsync(390, 844);
        await phone.GotoAsync($"/budget/setup/recommendations?clusterId={clusterId}&year={Year}&month={Month}");
        await SignInTests.WaitForCircuitAsync(phone);
        await Expect(phone.GetByTestId("rec-total")).ToHaveTextAsync("Rp 12.345.000");
        await BrowserApp.ShotAsync(phone, "budget-setup-recommendations-phone");
    }
}
