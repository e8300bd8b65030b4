using FluentAssertions;
using Microsoft.Playwright;
using Sigap.Web.Modules.Budget.Features.Demo;
using static Microsoft.Playwright.Assertions;

namespace Sigap.BrowserTests;

/// <summary>The evidence round trip in Chromium: the demo cluster user uploads, the demo MCOT approves, the cluster user sees it approved.</summary>
[Collection(BudgetData.Name)]
public sealed class BudgetReportsTests(BrowserApp app)
{
    private const string Cluster = "cluster.sbytim@demo.sigap.id";
    private const string Mcot = "mcot.jatim@demo.sigap.id";

    private async Task<IPage> SignedInAsync(string login, int width = 1280, int height = 800)
    {
        var page = await app.NewPageAsync(width, height);
        // Indonesian for this context only: another test switches the shared demo user's preference to English, and the
        // language cookie comes before the user's preference.
        await page.Context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=id-ID|uic=id-ID", Url = app.BaseUrl }]);
        await page.GotoAsync("/account/login");
        await SignInTests.SignInAsync(page, login, BrowserApp.Password);
        await Expect(page.GetByTestId("welcome")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Cluster_user_uploads_evidence_the_mcot_approves_it_and_the_cluster_user_sees_it_approved()
    {
        var description = "Uji browser booth akuisisi " + Guid.NewGuid().ToString("N")[..8];

        // The cluster user opens the Akuisisi card of this month and sends two photos.
        var cluster = await SignedInAsync(Cluster);
        await cluster.GotoAsync("/budget/reports");
        await SignInTests.WaitForCircuitAsync(cluster);
        // The Area's five demo categories (other tests may add their own to the shared app).
        foreach (var (_, name, _) in Sigap.Web.Modules.Budget.Features.Demo.BudgetDemoSeed.Categories)
            await Expect(cluster.GetByTestId("category-card").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        await Expect(cluster.GetByTestId("budget-nav")).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(cluster, "budget-reports-cards");

        await cluster.GetByTestId("category-card").Filter(new() { HasText = "Akuisisi" }).ClickAsync();
        await Expect(cluster.GetByTestId("upload-form")).ToBeVisibleAsync();
        await cluster.Locator("input[name=amount]").FillAsync("275000");
        await cluster.Locator("textarea[name=description]").FillAsync(description);
        await cluster.Locator("input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "nota-1.png", MimeType = "image/png", Buffer = BudgetDemoSeed.Photo(2) },
            new FilePayload { Name = "nota-2.png", MimeType = "image/png", Buffer = BudgetDemoSeed.Photo(7) },
        });
        await Expect(cluster.GetByTestId("preview")).ToHaveCountAsync(2);
        await BrowserApp.ShotAsync(cluster, "budget-reports-upload");
        await cluster.GetByTestId("submit").ClickAsync();
        await Expect(cluster.GetByTestId("notice")).ToBeVisibleAsync();
        var mine = cluster.GetByTestId("report").Filter(new() { HasText = description });
        await Expect(mine.GetByTestId("status-badge")).ToHaveTextAsync("Menunggu");
        await Expect(mine.GetByTestId("evidence-thumb")).ToHaveCountAsync(2);
        await Expect(mine.GetByTestId("delete")).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(cluster, "budget-reports-submitted");

        // The MCOT, on a phone, finds it in the review queue, opens the gallery and approves from there.
        var mcot = await SignedInAsync(Mcot, 390, 844);
        await mcot.GotoAsync("/budget/review");
        await SignInTests.WaitForCircuitAsync(mcot);
        var pending = mcot.GetByTestId("pending-report").Filter(new() { HasText = description });
        await Expect(pending).ToBeVisibleAsync();
        await BrowserApp.ShotAsync(mcot, "budget-review-phone");
        await pending.GetByTestId("evidence-thumb").First.ClickAsync();
        await Expect(mcot.GetByTestId("evidence-viewer")).ToBeVisibleAsync();
        (await mcot.GetByTestId("evidence-viewer").Locator("img").EvaluateAsync<int>("img => img.naturalWidth")).Should().Be(320);
        await BrowserApp.ShotAsync(mcot, "budget-review-gallery-phone");
        await mcot.GetByTestId("evidence-viewer").GetByTestId("viewer-approve").ClickAsync();
        await Expect(pending).ToHaveCountAsync(0);
        await BrowserApp.ShotAsync(mcot, "budget-review-approved-phone");

        // The cluster user sees it approved, on the desktop and on a phone.
        await cluster.ReloadAsync();
        await SignInTests.WaitForCircuitAsync(cluster);
        await cluster.GetByTestId("category-card").Filter(new() { HasText = "Akuisisi" }).ClickAsync();
        mine = cluster.GetByTestId("report").Filter(new() { HasText = description });
        await Expect(mine.GetByTestId("status-badge")).ToHaveTextAsync("Disetujui");
        await Expect(mine.GetByTestId("delete")).ToHaveCountAsync(0);
        await mine.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ShotAsync(cluster, "budget-reports-approved");

        var phone = await SignedInAsync(Cluster, 390, 844);
        await phone.GotoAsync("/budget/reports");
        await SignInTests.WaitForCircuitAsync(phone);
        await phone.GetByTestId("category-card").Filter(new() { HasText = "Akuisisi" }).ClickAsync();
        var onPhone = phone.GetByTestId("report").Filter(new() { HasText = description });
        await Expect(onPhone.GetByTestId("status-badge")).ToHaveTextAsync("Disetujui");
        await onPhone.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ShotAsync(phone, "budget-reports-approved-phone");
        (await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth")).Should().BeFalse();
    }
}
