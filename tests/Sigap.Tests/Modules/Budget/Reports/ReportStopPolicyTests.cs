using Sigap.Web.Modules.Budget.Contracts;
using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using static Sigap.Tests.Modules.Budget.Reports.ReportKit;

namespace Sigap.Tests.Modules.Budget.Reports;

/// <summary>An app of its own (no demo data, its own file folder), so "no file left behind" can be checked on disk exactly.</summary>
public sealed class ReportStopApp : SigapFactory
{
    protected override bool Demo => false;
}

/// <summary>An Area with the "stop" policy refuses over-spending reports, and a refused report leaves no stored file.</summary>
public sealed class ReportStopPolicyTests(ReportStopApp app) : IClassFixture<ReportStopApp>
{
    private const int Year = 2004;

    private string[] StoredFiles() =>
        Directory.Exists(Path.Combine(app.DataFolder, "files")) ? Directory.GetFiles(Path.Combine(app.DataFolder, "files"), "*", SearchOption.AllDirectories) : [];

    private async Task<(int Cluster, int Category, string Email)> SetupAsync(OverspendPolicy policy)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var tree = await app.TreeAsync(tag);
        await app.WithDbAsync(async db =>
        {
            db.Add(new BudgetAreaSettings { AreaId = tree[OrgUnitKind.Area].Id, OverspendPolicy = policy });
            await db.SaveChangesAsync(Ct);
        });
        var category = await app.CategoryAsync(tree[OrgUnitKind.Area].Code);
        await app.LimitsAsync(tree[OrgUnitKind.Cluster].Id, Year, 1, budget: 1_000_000, category, recommended: 400_000);
        var (email, _) = await app.UserAsync((BudgetRoles.ClusterUser, tree[OrgUnitKind.Cluster].Code));
        return (tree[OrgUnitKind.Cluster].Id, category, email);
    }

    [Fact]
    public async Task Stop_refuses_an_over_spending_report_with_422_and_saves_nothing()
    {
        var (cluster, category, email) = await SetupAsync(OverspendPolicy.Stop);
        using var client = await app.ClientForAsync(email, Password);
        // The class shares one app, so other tests' files may already be there: count from here.
        var atStart = StoredFiles();
        var filesAtStart = await app.WithDbAsync(db => db.Files.CountAsync(Ct));

        var ok = await SubmitOkAsync(client, cluster, category, 300_000, new DateOnly(Year, 1, 5));
        ok.Warnings.Should().BeEmpty();
        var before = StoredFiles();
        before.Except(atStart).Should().HaveCount(1);

        var refused = await client.PostAsync("/api/budget/reports",
            Form(cluster, category, "200000", $"{Year}-01-06", files: [("a.png", Png(1)), ("b.png", Png(2))]), Ct);
        var body = await refused.Content.ReadAsStringAsync(Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, body);
        body.Should().Contain("budget.reports.overspendStopped").And.Contain("Rp 400.000");

        StoredFiles().Should().BeEquivalentTo(before);
        await app.WithDbAsync(async db =>
        {
            (await db.Set<UsageReport>().CountAsync(r => r.ClusterId == cluster, Ct)).Should().Be(1);
            (await db.Files.CountAsync(Ct)).Should().Be(filesAtStart + 1);
        });
        (await app.TotalsAsync(cluster, Year, 1, category)).Should().Be((0L, 300_000L, 0, 1));
    }

    [Fact]
    public async Task A_refused_file_takes_the_files_stored_before_it_away_again()
    {
        var (cluster, category, email) = await SetupAsync(OverspendPolicy.Warn);
        using var client = await app.ClientForAsync(email, Password);
        var before = StoredFiles();
        var filesBefore = await app.WithDbAsync(db => db.Files.CountAsync(Ct));

        var response = await client.PostAsync("/api/budget/reports",
            Form(cluster, category, "100000", $"{Year}-01-07", files: [("ok.png", Png(3)), ("palsu.jpg", "<html>bukan gambar</html>"u8.ToArray())]), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Ct));

        StoredFiles().Should().BeEquivalentTo(before);
        (await app.WithDbAsync(db => db.Files.CountAsync(Ct))).Should().Be(filesBefore);
        (await app.WithDbAsync(db => db.Set<UsageReport>().CountAsync(r => r.ClusterId == cluster, Ct))).Should().Be(0);
    }

    [Fact]
    public async Task Reports_sent_at_the_same_moment_cannot_together_pass_a_stop_limit()
    {
        var (cluster, category, email) = await SetupAsync(OverspendPolicy.Stop);
        using var client = await app.ClientForAsync(email, Password);

        // Each fits the Rp 400.000 recommendation alone; only two fit together.
        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => client.PostAsync("/api/budget/reports",
            Form(cluster, category, "150000", $"{Year}-01-{10 + i:00}", files: [($"r{i}.png", Png(10 + i))]), Ct)));

        responses.Select(r => r.StatusCode).Should().BeEquivalentTo(
            [HttpStatusCode.Created, HttpStatusCode.Created, .. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 4)]);
        (await app.TotalsAsync(cluster, Year, 1, category)).Should().Be((0L, 300_000L, 0, 2));
    }
}
