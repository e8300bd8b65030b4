using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Reports;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Modules.Budget.Domain;

namespace Sigap.Tests.Modules.Budget.Outputs;

/// <summary>GET /api/budget/accountability/{unitId}/{year}/{month}.pdf, rendered by the real Chromium and read back with poppler, on demo data of its own.</summary>
public sealed class AccountabilityPdfTests(OwnDemoApp<AccountabilityPdfTests> app) : IClassFixture<OwnDemoApp<AccountabilityPdfTests>>
{
    private const int Year = 2035;

    [Fact]
    public async Task Cluster_report_shows_the_period_figures_and_only_the_approved_evidence()
    {
        var seed = await OutputsData.SeedAsync(app, Year, 3);
        var cluster = await OutputsData.UnitIdAsync(app, "C-SBY-TIM");
        using var client = await app.ClientForAsync(Demo.McotJatim);

        var response = await client.GetAsync($"/api/budget/accountability/{cluster}/{Year}/3.pdf", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileNameStar.Should().Be($"pertanggungjawaban-C-SBY-TIM-{Year}-03.pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        System.Text.Encoding.ASCII.GetString(pdf, 0, 4).Should().Be("%PDF");

        var text = await Poppler.TextAsync(pdf);
        text.Should().Contain("Laporan Pertanggungjawaban Marketing Fee").And.Contain("SBP Surabaya Timur").And.Contain("C-SBY-TIM")
            .And.Contain($"Maret {Year}").And.Contain("MCOT Jatim").And.Contain("Halaman 1 dari");
        foreach (var category in seed.Categories) text.Should().Contain(category);
        foreach (var r in seed.Approved("C-SBY-TIM")) text.Should().Contain(Money.Rupiah(r.Amount));
        // Descriptions are user text: encoded, so the markup shows as typed.
        text.Should().Contain(seed.Approved("C-SBY-TIM").First().Description);
        text.Should().Contain("Rp 10.000.000", "the cluster's budget").And.Contain("Rp 1.980.500", "the approved total");
        // Pending and rejected reports are not accounted for; PDF evidence is listed by name.
        text.Should().NotContain(Money.Rupiah(99_000)).And.NotContain(Money.Rupiah(55_000)).And.NotContain("SBP Surabaya Barat");
        text.Should().Contain("kwitansi-");

        (await Poppler.ImageCountAsync(pdf)).Should().Be(seed.Approved("C-SBY-TIM").Sum(r => r.Images)).And.Be(3);
        await SaveShotsAsync(pdf, "accountability-cluster");
    }

    [Fact]
    public async Task Branch_report_rolls_up_both_surabaya_clusters()
    {
        var seed = await OutputsData.SeedAsync(app, Year, 4);
        var branch = await OutputsData.UnitIdAsync(app, "B-SBY");
        using var client = await app.ClientForAsync(Demo.BranchSby);

        var response = await client.GetAsync($"/api/budget/accountability/{branch}/{Year}/4.pdf", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var pdf = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var text = await Poppler.TextAsync(pdf);
        text.Should().Contain("Surabaya").And.Contain("B-SBY").And.Contain($"April {Year}")
            .And.Contain("SBP Surabaya Timur").And.Contain("SBP Surabaya Barat").And.Contain("Manajer Branch Surabaya");
        foreach (var r in seed.Approved("C-SBY-TIM", "C-SBY-BAR")) text.Should().Contain(Money.Rupiah(r.Amount));
        text.Should().Contain("Rp 18.000.000", "both budgets").And.Contain(Money.Rupiah(1_250_000 + 2_100_000), "approved in the first category");
        (await Poppler.ImageCountAsync(pdf)).Should().Be(seed.Approved("C-SBY-TIM", "C-SBY-BAR").Sum(r => r.Images)).And.Be(4);
        await SaveShotsAsync(pdf, "accountability-branch");
    }

    [Fact]
    public async Task English_callers_get_english_texts()
    {
        await OutputsData.SeedAsync(app, Year, 5);
        var cluster = await OutputsData.UnitIdAsync(app, "C-SBY-TIM");
        using var client = await app.ClientForAsync(Demo.McotJatim);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await client.GetAsync($"/api/budget/accountability/{cluster}/{Year}/5.pdf", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await Poppler.TextAsync(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        text.Should().Contain("Marketing Fee Accountability Report").And.Contain($"May {Year}").And.Contain("Page 1 of");
    }

    [Fact]
    public async Task A_month_without_data_still_renders_with_an_empty_state()
    {
        var cluster = await OutputsData.UnitIdAsync(app, "C-DPS");
        using var client = await app.ClientForAsync(Demo.ClusterDps);

        var response = await client.GetAsync($"/api/budget/accountability/{cluster}/{Year}/11.pdf", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var pdf = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        (await Poppler.TextAsync(pdf)).Should().Contain("Tidak ada laporan penggunaan yang disetujui pada periode ini.");
        (await Poppler.ImageCountAsync(pdf)).Should().Be(0);
    }

    [Fact]
    public async Task Units_outside_the_callers_scope_answer_404()
    {
        var cluster = await OutputsData.UnitIdAsync(app, "C-SBY-TIM");
        using var balnus = await app.ClientForAsync(Demo.RegionBalnus);
        (await balnus.GetAsync($"/api/budget/accountability/{cluster}/{Year}/3.pdf", TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var clusterUser = await app.ClientForAsync(Demo.ClusterDps);
        (await clusterUser.GetAsync($"/api/budget/accountability/{cluster}/{Year}/3.pdf", TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await balnus.GetAsync($"/api/budget/accountability/999999/{Year}/3.pdf", TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_month_is_a_validation_problem_naming_the_field()
    {
        var cluster = await OutputsData.UnitIdAsync(app, "C-SBY-TIM");
        using var client = await app.ClientForAsync(Demo.McotJatim);
        var response = await client.GetAsync($"/api/budget/accountability/{cluster}/{Year}/13.pdf", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(TestContext.Current.CancellationToken);
        problem!.Errors.Should().ContainKey("month");
    }

    [Fact]
    public async Task Anonymous_callers_are_refused()
    {
        using var client = app.CreateClient();
        (await client.GetAsync($"/api/budget/accountability/1/{Year}/3.pdf", TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    /// <summary>Pages as PNG under /tmp/shots for a person to look at (pdftoppm from poppler-utils).</summary>
    private static async Task SaveShotsAsync(byte[] pdf, string name)
    {
        Directory.CreateDirectory("/tmp/shots");
        foreach (var old in Directory.GetFiles("/tmp/shots", name + "-*.png")) File.Delete(old);
        var file = Path.Combine("/tmp/shots", name + ".pdf");
        await File.WriteAllBytesAsync(file, pdf);
        using var p = System.Diagnostics.Process.Start("pdftoppm", ["-png", "-r", "60", file, Path.Combine("/tmp/shots", name)]);
        await p.WaitForExitAsync();
    }
}
