using FluentAssertions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sigap.BrowserTests;

/// <summary>
/// The pages work under the Content-Security-Policy: Chromium reports every blocked script, style or connection on the
/// console, and none may appear while the login, the dashboard, a Radzen setup page and the API docs load and run.
/// </summary>
[Collection(BudgetData.Name)]
public sealed class ContentSecurityPolicyTests(BrowserApp app)
{
    [Fact]
    public async Task Login_dashboard_setup_and_api_docs_pages_run_without_a_policy_violation()
    {
        var page = await app.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        var response = await page.GotoAsync("/account/login");
        (await response!.HeaderValueAsync("content-security-policy")).Should().Contain("script-src 'self'");

        await SignInTests.SignInAsync(page, "area@demo.sigap.id", BrowserApp.Password);
        await Expect(page.GetByTestId("welcome")).ToBeVisibleAsync();
        await SignInTests.WaitForCircuitAsync(page);
        await page.GotoAsync("/budget");
        await SignInTests.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("dash-monthly")).ToBeVisibleAsync();
        await page.GotoAsync("/budget/setup/budgets");
        await SignInTests.WaitForCircuitAsync(page);
        // The API docs page (Swagger UI) runs its own scripts from files too.
        await page.GotoAsync("/docs");
        // Swagger UI loads a large bundle first: allow for a busy machine.
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Sigap API", new() { Timeout = 30_000 });

        violations.Should().BeEmpty();
    }
}
