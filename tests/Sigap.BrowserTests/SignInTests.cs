using Sigap.Web.Modules.Budget.Contracts;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Sigap.Web.Platform.Auth;
using static Microsoft.Playwright.Assertions;

namespace Sigap.BrowserTests;

public sealed class SignInTests(BrowserApp app)
{
    private const string ClusterSbyTim = "cluster.sbytim@demo.sigap.id";
    private const string ClusterDps = "cluster.dps@demo.sigap.id";

    internal static async Task SignInAsync(IPage page, string login, string password)
    {
        await page.Locator("#login").FillAsync(login);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>The prerendered page is visible at once; clicks that need the Blazor circuit wait until it has taken over.</summary>
    internal static Task WaitForCircuitAsync(IPage page) =>
        Expect(page.Locator("main[data-interactive=true]")).ToBeVisibleAsync();

    [Fact]
    public async Task Demo_user_signs_in_sees_home_switches_to_english_and_signs_out()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Masuk ke Sigap");
        await BrowserApp.ShotAsync(page, "login-desktop");

        await SignInAsync(page, ClusterSbyTim, BrowserApp.Password);

        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Selamat datang, Cluster Surabaya Timur");
        await Expect(page.GetByTestId("module-card")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("module-card")).ToContainTextAsync("Anggaran");
        await Expect(page.GetByTestId("roles")).ToContainTextAsync("SBP Surabaya Timur");
        await WaitForCircuitAsync(page);
        await BrowserApp.ShotAsync(page, "home-desktop");

        await page.Locator(".sigap-header .sigap-lang a[hreflang=en]").ClickAsync();

        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Cluster Surabaya Timur");
        await Expect(page.GetByTestId("module-card")).ToContainTextAsync("Budget");
        await Expect(page.Locator(".rz-sidebar")).ToContainTextAsync("Home");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
        await WaitForCircuitAsync(page);
        await BrowserApp.ShotAsync(page, "home-desktop-en");

        await page.GetByTestId("user-name").ClickAsync();
        await page.GetByText("Sign out").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to Sigap");
        await Expect(page.GetByTestId("form-success")).ToHaveTextAsync("You have signed out.");

        // Signed out for real: the home page sends the browser back to the login form.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    [Fact]
    public async Task Wrong_password_shows_the_error_and_stays_on_the_login_page()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");

        await SignInAsync(page, ClusterDps, "Not-The-Password-1");

        await Expect(page.GetByTestId("form-error")).ToHaveTextAsync("E-mail/nama pengguna atau kata sandi salah.");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.Locator("#login")).ToHaveValueAsync(ClusterDps);
        (await page.Context.CookiesAsync()).Should().NotContain(c => c.Name == "sigap.auth");
        await BrowserApp.ShotAsync(page, "login-error");
    }

    [Fact]
    public async Task Login_page_switches_to_english_without_signing_in()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login?ReturnUrl=%2Fbudget");
        await page.Locator(".sigap-lang a[hreflang=en]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to Sigap");
        await Expect(page.Locator("label[for=login]")).ToHaveTextAsync("E-mail or username");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/account/login?ReturnUrl=%2Fbudget");
        await BrowserApp.ShotAsync(page, "login-desktop-en");

        // The return address survives the switch: signing in lands on the page first asked for.
        var email = await app.CreateUserAsync("Wayan", "Putra", BudgetRoles.ClusterUser, "C-DPS");
        await SignInAsync(page, email, BrowserApp.Password);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/budget");
        await Expect(page.GetByTestId("budget-nav")).ToContainTextAsync("Dashboard");
    }

    [Fact]
    public async Task Anonymous_visit_to_home_redirects_to_the_login_page()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync("/");

        await Expect(page).ToHaveURLAsync(new Regex(@"/account/login\?ReturnUrl=%2F$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Masuk ke Sigap");
        response!.Status.Should().Be(200);
    }

    [Fact]
    public async Task Phone_screen_shows_login_and_home_without_horizontal_overflow()
    {
        // A user of its own: the first test leaves the demo user's saved language at English.
        var email = await app.CreateUserAsync("Siti", "Rahayu", BudgetRoles.ClusterUser, "C-SBY-TIM");
        var page = await app.NewPageAsync(375, 740);
        await page.GotoAsync("/account/login");
        await BrowserApp.ShotAsync(page, "login-phone");
        (await HorizontalOverflowAsync(page)).Should().BeFalse();

        await SignInAsync(page, email, BrowserApp.Password);
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Selamat datang, Siti Rahayu");
        await WaitForCircuitAsync(page);
        await BrowserApp.ShotAsync(page, "home-phone");
        (await HorizontalOverflowAsync(page)).Should().BeFalse();

        // The sidebar is a drawer on phones: closed at first, opened by the menu button.
        (await SidebarWidthAsync(page)).Should().BeLessThan(10, "the drawer starts closed on a phone");
        await page.Locator(".rz-sidebar-toggle").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('.rz-sidebar').getBoundingClientRect().width >= 200");
        await Expect(page.Locator(".rz-sidebar").GetByText("Anggaran")).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(page, "home-phone-menu");

        // Choosing a destination closes the drawer again.
        await page.Locator(".rz-sidebar").GetByText("Anggaran").ClickAsync();
        await Expect(page.GetByTestId("budget-nav")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('.rz-sidebar').getBoundingClientRect().width < 10");
        (await HorizontalOverflowAsync(page)).Should().BeFalse();
        await BrowserApp.ShotAsync(page, "soon-phone");
    }

    private static Task<double> SidebarWidthAsync(IPage page) =>
        page.EvaluateAsync<double>("() => document.querySelector('.rz-sidebar').getBoundingClientRect().width");

    private static Task<bool> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
}
