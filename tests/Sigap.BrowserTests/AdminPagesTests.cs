using FluentAssertions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sigap.BrowserTests;

/// <summary>The administration pages as the demo SystemAdmin sees them in Chromium.</summary>
public sealed class AdminPagesTests(BrowserApp app)
{
    private const string Admin = "admin@demo.sigap.id";

    private async Task<IPage> SignedInAdminAsync()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await SignInTests.SignInAsync(page, Admin, BrowserApp.Password);
        await Expect(page.GetByTestId("welcome")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Admin_sees_the_org_tree_users_and_the_audit_log()
    {
        var page = await SignedInAdminAsync();

        await page.GotoAsync("/admin/org");
        await SignInTests.WaitForCircuitAsync(page);
        await Expect(page.Locator("main")).ToContainTextAsync("Jawa Timur");
        await Expect(page.Locator("main")).ToContainTextAsync("SBP Denpasar");
        await BrowserApp.ShotAsync(page, "admin-org");

        await page.GotoAsync("/admin/users");
        await SignInTests.WaitForCircuitAsync(page);
        await Expect(page.Locator("main")).ToContainTextAsync("cluster.dps@demo.sigap.id");
        await BrowserApp.ShotAsync(page, "admin-users");

        await page.GotoAsync("/admin/audit");
        await SignInTests.WaitForCircuitAsync(page);
        // The admin's own sign-in above is a security event in the log.
        await Expect(page.Locator("main")).ToContainTextAsync("auth.login.succeeded");
        await BrowserApp.ShotAsync(page, "admin-audit");
    }

    [Fact]
    public async Task A_cluster_user_is_refused_the_admin_pages()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await SignInTests.SignInAsync(page, "cluster.dps@demo.sigap.id", BrowserApp.Password);
        await Expect(page.GetByTestId("welcome")).ToBeVisibleAsync();
        (await page.Locator(".rz-sidebar").InnerTextAsync()).Should().NotContain("Pengguna");

        await page.GotoAsync("/admin/users");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/denied"));
    }
}
