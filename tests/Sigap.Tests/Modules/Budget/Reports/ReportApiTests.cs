using Sigap.Web.Modules.Budget.Contracts;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.ApproveReportBatch;
using Sigap.Web.Modules.Budget.Features.PendingReports;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using static Sigap.Tests.Modules.Budget.Reports.ReportKit;

namespace Sigap.Tests.Modules.Budget.Reports;

/// <summary>
/// Usage reports over HTTP with the demo users, on both databases, on demo data of this class's own (it closes a month
/// of the demo Area and files reports on demo clusters). Reports are dated 2003 (in the past, so spend dates are
/// accepted); each test has a month of its own.
/// </summary>
public sealed class ReportApiTests(OwnDemoApp<ReportApiTests> app) : IClassFixture<OwnDemoApp<ReportApiTests>>
{
    private const int Year = 2003;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_cluster_user_submits_evidence_and_the_roll_ups_reviewers_and_audit_follow()
    {
        var cluster = await app.UnitIdAsync("C-SBY-TIM");
        var category = await app.CategoryAsync();
        using var client = await app.ClientForAsync(Demo.ClusterSbyTim);

        var report = await SubmitOkAsync(client, cluster, category, 1_250_000, new DateOnly(Year, 1, 15), files: 2);

        report.Status.Should().Be("Pending");
        report.ClusterName.Should().Be("SBP Surabaya Timur");
        report.Year.Should().Be(Year);
        report.Month.Should().Be(1);
        report.Warnings.Should().BeEmpty();
        report.Evidence.Should().HaveCount(2);
        report.Evidence.Should().OnlyContain(e => e.ContentType == "image/png" && e.Url.StartsWith("/files/") && e.Thumbnail == e.Url);
        (await app.TotalsAsync(cluster, Year, 1, category)).Should().Be((0L, 1_250_000L, 0, 1));

        // The signed link serves the stored PNG.
        using var anonymous = app.CreateClient();
        var image = await anonymous.GetAsync(report.Evidence[0].Url, Ct);
        image.StatusCode.Should().Be(HttpStatusCode.OK);
        (await image.Content.ReadAsByteArrayAsync(Ct)).Should().Equal(Png(0));

        var got = await client.GetFromJsonAsync<ReportItem>($"/api/budget/reports/{report.Id}", SigapFactory.Json, Ct);
        got!.EvidenceCount.Should().Be(2);

        var mcot = await app.UserIdAsync(Demo.McotJatim);
        var balnus = await app.UserIdAsync(Demo.RegionBalnus);
        var link = $"/budget/review?report={report.Id}";
        await app.WithDbAsync(async db =>
        {
            (await db.Notifications.CountAsync(n => n.UserId == mcot && n.Link == link, Ct)).Should().Be(1);
            (await db.Notifications.CountAsync(n => n.UserId == balnus && n.Link == link, Ct)).Should().Be(0);
            (await db.AuditLog.CountAsync(a => a.Action == "budget.report.submitted" && a.EntityId == report.Id.ToString(), Ct)).Should().Be(1);
        });
    }

    [Fact]
    public async Task Every_invalid_submission_is_refused_and_nothing_is_saved()
    {
        var cluster = await app.UnitIdAsync("C-SBY-TIM");
        var category = await app.CategoryAsync();
        var inactive = await app.CategoryAsync(active: false);
        using var client = await app.ClientForAsync(Demo.ClusterSbyTim);
        var date = $"{Year}-02-10";

        async Task ExpectField(MultipartFormDataContent form, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var problem = await ProblemAsync(await client.PostAsync("/api/budget/reports", form, Ct), status);
            problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        }

        await ExpectField(Form(cluster, category, "100000", date, files: []), "files");
        await ExpectField(Form(cluster, category, "100000", date, files: Enumerable.Range(0, 11).Select(i => ($"n{i}.png", Png(i)))), "files");
        await ExpectField(Form(cluster, category, "100000", date, files: [("nota.jpg", "ini bukan foto, hanya teks"u8.ToArray())]), "files");
        var big = new byte[10 * 1024 * 1024 + 1];
        Png(0).CopyTo(big, 0);
        await ExpectField(Form(cluster, category, "100000", date, files: [("besar.png", big)]), "files");
        await ExpectField(Form(cluster, category, "0", date), "amount");
        await ExpectField(Form(cluster, category, "100000", date, description: null), "description");
        await ExpectField(Form(cluster, category, "100000", date, description: new string('x', 1001)), "description");
        await ExpectField(Form(cluster, category, "100000", "10/02/2003"), "spendDate");
        await ExpectField(Form(cluster, category, "100000", date, year: Year, month: 3), "spendDate");
        var tomorrow = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).Date).AddDays(1);
        await ExpectField(Form(cluster, category, "100000", tomorrow.ToString("yyyy-MM-dd")), "spendDate");
        await ExpectField(Form(cluster, inactive, "100000", date), "categoryId");

        // Another cluster (outside the user's ClusterUser grant) is "not found".
        await ProblemAsync(await client.PostAsync("/api/budget/reports", Form(await app.UnitIdAsync("C-DPS"), category, "100000", date), Ct), HttpStatusCode.NotFound);
        // A reviewer cannot submit at all.
        using var mcot = await app.ClientForAsync(Demo.McotJatim);
        (await mcot.PostAsync("/api/budget/reports", Form(cluster, category, "100000", date), Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        await app.WithDbAsync(async db =>
            (await db.Set<UsageReport>().CountAsync(r => r.CategoryId == category || r.CategoryId == inactive, Ct)).Should().Be(0));
    }

    [Fact]
    public async Task A_closed_month_takes_no_reports()
    {
        var cluster = await app.UnitIdAsync("C-SBY-TIM");
        var category = await app.CategoryAsync();
        await app.WithDbAsync(async db =>
        {
            var area = await db.OrgUnits.SingleAsync(u => u.Code == "A3", Ct);
            if (!await db.Set<ClosedMonth>().AnyAsync(c => c.AreaId == area.Id && c.Year == Year && c.Month == 12, Ct))
            {
                db.Add(new ClosedMonth { AreaId = area.Id, Year = Year, Month = 12, ClosedAt = app.Clock.GetUtcNow() });
                await db.SaveChangesAsync(Ct);
            }
        });
        using var client = await app.ClientForAsync(Demo.ClusterSbyTim);
        var problem = await ProblemAsync(await client.PostAsync("/api/budget/reports", Form(cluster, category, "100000", $"{Year}-12-01"), Ct), HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("budget.reports.monthClosed");
    }

    [Fact]
    public async Task Going_past_the_recommendation_or_budget_warns_and_flags_the_report()
    {
        var cluster = await app.UnitIdAsync("C-SBY-TIM");
        var category = await app.CategoryAsync();
        await app.LimitsAsync(cluster, Year, 3, budget: 1_000_000, category, recommended: 500_000);
        using var client = await app.ClientForAsync(Demo.ClusterSbyTim);

        var within = await SubmitOkAsync(client, cluster, category, 400_000, new DateOnly(Year, 3, 2));
        within.Warnings.Should().BeEmpty();
        within.OverRecommendation.Should().BeFalse();

        var overRec = await SubmitOkAsync(client, cluster, category, 200_000, new DateOnly(Year, 3, 3));
        overRec.Warnings.Should().ContainSingle().Which.Should().Contain("Rp 600.000").And.Contain("Rp 500.000");
        overRec.OverRecommendation.Should().BeTrue();
        overRec.OverBudget.Should().BeFalse();

        var overBoth = await SubmitOkAsync(client, cluster, category, 500_000, new DateOnly(Year, 3, 4));
        overBoth.Warnings.Should().HaveCount(2);
        overBoth.OverBudget.Should().BeTrue();
        (await app.TotalsAsync(cluster, Year, 3, category)).Should().Be((0L, 1_100_000L, 0, 3));
    }

    [Fact]
    public async Task Only_the_submitter_deletes_and_only_while_pending()
    {
        var cluster = await app.UnitIdAsync("C-SBY-TIM");
        var category = await app.CategoryAsync();
        using var owner = await app.ClientForAsync(Demo.ClusterSbyTim);
        var keep = await SubmitOkAsync(owner, cluster, category, 300_000, new DateOnly(Year, 4, 5));
        var gone = await SubmitOkAsync(owner, cluster, category, 200_000, new DateOnly(Year, 4, 6), files: 2);
        var fileIds = await app.WithDbAsync(db => db.Set<UsageEvidence>().Where(e => e.ReportId == gone.Id).Select(e => e.FileId).ToListAsync(Ct));

        // Out of scope: not found. In scope but someone else's: forbidden.
        using var dps = await app.ClientForAsync(Demo.ClusterDps);
        (await dps.DeleteAsync($"/api/budget/reports/{gone.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var (colleague, _) = await app.UserAsync((BudgetRoles.ClusterUser, "C-SBY-TIM"));
        using var other = await app.ClientForAsync(colleague, Password);
        (await other.DeleteAsync($"/api/budget/reports/{gone.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await owner.DeleteAsync($"/api/budget/reports/{gone.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.GetAsync($"/api/budget/reports/{gone.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.TotalsAsync(cluster, Year, 4, category)).Should().Be((0L, 300_000L, 0, 1));
        await app.WithDbAsync(async db =>
        {
            (await db.Set<UsageEvidence>().CountAsync(e => e.ReportId == gone.Id, Ct)).Should().Be(0);
            (await db.Files.CountAsync(f => fileIds.Contains(f.Id), Ct)).Should().Be(0);
            (await db.AuditLog.CountAsync(a => a.Action == "budget.report.deleted" && a.EntityId == gone.Id.ToString(), Ct)).Should().Be(1);
        });

        using var mcot = await app.ClientForAsync(Demo.McotJatim);
        (await mcot.PostAsync($"/api/budget/reports/{keep.Id}/approve", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var problem = await ProblemAsync(await owner.DeleteAsync($"/api/budget/reports/{keep.Id}", Ct), HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("budget.reports.deleteNotPending");
    }

    [Fact]
    public async Task Reviewers_in_scope_approve_and_reject_once_and_the_submitter_is_told()
    {
        var cluster = await app.UnitIdAsync("C-SBY-TIM");
        var category = await app.CategoryAsync();
        using var owner = await app.ClientForAsync(Demo.ClusterSbyTim);
        var a = await SubmitOkAsync(owner, cluster, category, 700_000, new DateOnly(Year, 5, 7));
        var b = await SubmitOkAsync(owner, cluster, category, 150_000, new DateOnly(Year, 5, 8));
        using var mcot = await app.ClientForAsync(Demo.McotJatim);
        using var balnus = await app.ClientForAsync(Demo.RegionBalnus);
        using var gm = await app.ClientForAsync(Demo.GmJatim);

        (await balnus.PostAsync($"/api/budget/reports/{a.Id}/approve", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await gm.PostAsync($"/api/budget/reports/{a.Id}/approve", null, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var approved = await mcot.PostAsync($"/api/budget/reports/{a.Id}/approve", null, Ct);
        approved.StatusCode.Should().Be(HttpStatusCode.OK);
        var item = await approved.Content.ReadFromJsonAsync<ReportItem>(SigapFactory.Json, Ct);
        item!.Status.Should().Be("Approved");
        item.ReviewerName.Should().Be("MCOT Jatim");
        var twice = await ProblemAsync(await mcot.PostAsync($"/api/budget/reports/{a.Id}/approve", null, Ct), HttpStatusCode.Conflict);
        twice.GetProperty("code").GetString().Should().Be("budget.reports.notPending");

        var noReason = await ProblemAsync(await mcot.PostAsJsonAsync($"/api/budget/reports/{b.Id}/reject", new { reason = " " }, Ct), HttpStatusCode.BadRequest);
        noReason.GetProperty("errors").TryGetProperty("reason", out _).Should().BeTrue();
        await ProblemAsync(await mcot.PostAsJsonAsync($"/api/budget/reports/{b.Id}/reject", new { reason = new string('x', 501) }, Ct), HttpStatusCode.BadRequest);
        var rejected = await mcot.PostAsJsonAsync($"/api/budget/reports/{b.Id}/reject", new { reason = "Nota tidak terbaca" }, Ct);
        rejected.StatusCode.Should().Be(HttpStatusCode.OK);
        (await rejected.Content.ReadFromJsonAsync<ReportItem>(SigapFactory.Json, Ct))!.RejectReason.Should().Be("Nota tidak terbaca");
        await ProblemAsync(await mcot.PostAsync($"/api/budget/reports/{b.Id}/approve", null, Ct), HttpStatusCode.Conflict);

        (await app.TotalsAsync(cluster, Year, 5, category)).Should().Be((700_000L, 0L, 1, 0));
        var submitter = await app.UserIdAsync(Demo.ClusterSbyTim);
        await app.WithDbAsync(async db =>
        {
            var told = await db.Notifications.Where(n => n.UserId == submitter && n.Link!.Contains($"category={category}")).ToListAsync(Ct);
            told.Should().HaveCount(2);
            told.Should().Contain(n => n.Body!.Contains("Nota tidak terbaca"));
            (await db.AuditLog.CountAsync(x => x.Action == "budget.report.approved" && x.EntityId == a.Id.ToString(), Ct)).Should().Be(1);
            (await db.AuditLog.CountAsync(x => x.Action == "budget.report.rejected" && x.EntityId == b.Id.ToString(), Ct)).Should().Be(1);
        });
    }

    [Fact]
    public async Task Nobody_approves_their_own_report()
    {
        var cluster = await app.UnitIdAsync("C-MLG-KOTA");
        var category = await app.CategoryAsync();
        var (email, _) = await app.UserAsync((BudgetRoles.ClusterUser, "C-MLG-KOTA"), (BudgetRoles.Mcot, "R-JATIM"));
        using var both = await app.ClientForAsync(email, Password);
        var own = await SubmitOkAsync(both, cluster, category, 100_000, new DateOnly(Year, 5, 9));
        var problem = await ProblemAsync(await both.PostAsync($"/api/budget/reports/{own.Id}/approve", null, Ct), HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("budget.reports.ownReport");
        await ProblemAsync(await both.PostAsJsonAsync($"/api/budget/reports/{own.Id}/reject", new { reason = "x" }, Ct), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_batch_approves_exactly_the_pending_reports_of_that_cluster_and_month_except_the_callers_own()
    {
        var cluster = await app.UnitIdAsync("C-SBY-BAR");
        var category = await app.CategoryAsync();
        var (submitterEmail, submitter) = await app.UserAsync((BudgetRoles.ClusterUser, "C-SBY-BAR"));
        var (reviewerEmail, _) = await app.UserAsync((BudgetRoles.ClusterUser, "C-SBY-BAR"), (BudgetRoles.Mcot, "R-JATIM"));
        using var s = await app.ClientForAsync(submitterEmail, Password);
        using var r = await app.ClientForAsync(reviewerEmail, Password);
        var p1 = await SubmitOkAsync(s, cluster, category, 100_000, new DateOnly(Year, 6, 1));
        var p2 = await SubmitOkAsync(s, cluster, category, 200_000, new DateOnly(Year, 6, 2));
        var rejected = await SubmitOkAsync(s, cluster, category, 300_000, new DateOnly(Year, 6, 3));
        var otherMonth = await SubmitOkAsync(s, cluster, category, 400_000, new DateOnly(Year, 7, 1));
        var own = await SubmitOkAsync(r, cluster, category, 500_000, new DateOnly(Year, 6, 4));
        (await r.PostAsJsonAsync($"/api/budget/reports/{rejected.Id}/reject", new { reason = "Salah kategori" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var balnus = await app.ClientForAsync(Demo.RegionBalnus);
        (await balnus.PostAsJsonAsync("/api/budget/reports/approve-batch", new { clusterId = cluster, year = Year, month = 6 }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await ProblemAsync(await r.PostAsJsonAsync("/api/budget/reports/approve-batch", new { clusterId = cluster, year = Year, month = 13 }, Ct), HttpStatusCode.BadRequest);

        var batch = await r.PostAsJsonAsync("/api/budget/reports/approve-batch", new { clusterId = cluster, year = Year, month = 6 }, Ct);
        batch.StatusCode.Should().Be(HttpStatusCode.OK);
        (await batch.Content.ReadFromJsonAsync<BatchApproveResult>(SigapFactory.Json, Ct))!.Approved.Should().Be(2);

        var statuses = await app.WithDbAsync(db => db.Set<UsageReport>().Where(x => x.CategoryId == category).ToDictionaryAsync(x => x.Id, x => x.Status, Ct));
        statuses.Should().BeEquivalentTo(new Dictionary<long, ReportStatus>
        {
            [p1.Id] = ReportStatus.Approved, [p2.Id] = ReportStatus.Approved, [rejected.Id] = ReportStatus.Rejected,
            [otherMonth.Id] = ReportStatus.Pending, [own.Id] = ReportStatus.Pending,
        });
        (await app.TotalsAsync(cluster, Year, 6, category)).Should().Be((300_000L, 500_000L, 2, 1));
        await app.WithDbAsync(async db =>
            (await db.Notifications.CountAsync(n => n.UserId == submitter && n.Title.Contains("2"), Ct)).Should().Be(1));
    }

    [Fact]
    public async Task Lists_and_the_pending_queue_show_only_the_callers_scope()
    {
        var sby = await app.UnitIdAsync("C-SBY-TIM");
        var dps = await app.UnitIdAsync("C-DPS");
        var category = await app.CategoryAsync();
        using var sbyUser = await app.ClientForAsync(Demo.ClusterSbyTim);
        using var dpsUser = await app.ClientForAsync(Demo.ClusterDps);
        var sbyReport = await SubmitOkAsync(sbyUser, sby, category, 111_000, new DateOnly(Year, 8, 1));
        var dpsReport = await SubmitOkAsync(dpsUser, dps, category, 222_000, new DateOnly(Year, 8, 2));

        async Task<List<long>> IdsAsync(HttpClient client, string query)
        {
            var page = await client.GetFromJsonAsync<Paged<ReportItem>>($"/api/budget/reports?year={Year}&month=8&categoryId={category}{query}", SigapFactory.Json, Ct);
            return page!.Items.Select(i => i.Id).ToList();
        }
        (await IdsAsync(dpsUser, "")).Should().Equal(dpsReport.Id);
        (await IdsAsync(sbyUser, "")).Should().Equal(sbyReport.Id);
        using var mcot = await app.ClientForAsync(Demo.McotJatim);
        (await IdsAsync(mcot, "")).Should().Equal(sbyReport.Id);
        using var area = await app.ClientForAsync(Demo.Area);
        (await IdsAsync(area, "")).Should().Equal(dpsReport.Id, sbyReport.Id); // newest first
        (await IdsAsync(area, $"&unitId={await app.UnitIdAsync("R-BALNUS")}")).Should().Equal(dpsReport.Id);
        (await IdsAsync(area, "&status=Approved")).Should().BeEmpty();
        (await mcot.GetAsync($"/api/budget/reports?unitId={await app.UnitIdAsync("R-BALNUS")}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await mcot.GetAsync("/api/budget/reports?status=Lost", Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await dpsUser.GetAsync($"/api/budget/reports/{sbyReport.Id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var pending = await mcot.GetFromJsonAsync<PendingList>($"/api/budget/pending?limit=50&year={Year}&month=8", SigapFactory.Json, Ct);
        pending!.Items.Select(i => i.Id).Should().Contain(sbyReport.Id).And.NotContain(dpsReport.Id);
        pending.Items.Should().OnlyContain(i => i.Status == "Pending" && i.ClusterName.Contains("Surabaya") || i.ClusterName.Contains("Malang"));
        using var balnus = await app.ClientForAsync(Demo.RegionBalnus);
        var balnusPending = await balnus.GetFromJsonAsync<PendingList>($"/api/budget/pending?year={Year}&month=8", SigapFactory.Json, Ct);
        balnusPending!.Items.Select(i => i.Id).Should().Contain(dpsReport.Id).And.NotContain(sbyReport.Id);
        // The total (summed from the roll-ups) is the number of pending reports in scope, and follows an approval.
        Task<int> PendingInDbAsync(string unitCode) => app.WithDbAsync(async db =>
        {
            var path = await db.OrgUnits.Where(u => u.Code == unitCode).Select(u => u.Path).SingleAsync(Ct);
            return await db.Set<UsageReport>().CountAsync(r => r.Status == ReportStatus.Pending && r.Year == Year && r.Month == 8
                && db.OrgUnits.Any(o => o.Id == r.ClusterId && o.Path.StartsWith(path)), Ct);
        });
        pending.Total.Should().Be(await PendingInDbAsync("R-JATIM")).And.BeGreaterThan(0);
        balnusPending.Total.Should().Be(await PendingInDbAsync("R-BALNUS"));
        (await mcot.PostAsync($"/api/budget/reports/{sbyReport.Id}/approve", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await mcot.GetFromJsonAsync<PendingList>($"/api/budget/pending?year={Year}&month=8", SigapFactory.Json, Ct);
        after!.Total.Should().Be(pending.Total - 1);
        (await mcot.GetAsync("/api/budget/pending?limit=51", Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await sbyUser.GetAsync("/api/budget/pending", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
