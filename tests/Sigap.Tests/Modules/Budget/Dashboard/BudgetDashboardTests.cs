using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Modules.Budget.Reports;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Dashboard;
using Sigap.Web.Platform.Org;

namespace Sigap.Tests.Modules.Budget.Dashboard;

/// <summary>
/// GET /api/budget/dashboard against sums computed here from rows this class inserts for 2034 under the demo tree
/// (budgets, recommendations, reports with their roll-ups kept by UsageTotals, as the report endpoints do). The demo
/// data is this class's own, so no other class's rows can enter the sums.
/// </summary>
public sealed class BudgetDashboardTests(OwnDemoApp<BudgetDashboardTests> app) : IClassFixture<OwnDemoApp<BudgetDashboardTests>>
{
    private const int Year = 2034;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Data? _data;

    private sealed record Report(int ClusterId, int CategoryId, long Amount, DateOnly Day, ReportStatus Status);

    private sealed record Data(
        Dictionary<string, OrgUnit> Units, int Cat1, int Cat2, List<(int ClusterId, int Month, long Amount)> Budgets,
        List<(int ClusterId, int Month, int CategoryId, long Amount)> Recommendations, List<Report> Reports)
    {
        public bool Under(int clusterId, OrgUnit unit) => Units.Values.Single(u => u.Id == clusterId).Path.StartsWith(unit.Path, StringComparison.Ordinal);
    }

    private async Task<Data> DataAsync()
    {
        await Gate.WaitAsync();
        try { return _data ??= await InsertAsync(); }
        finally { Gate.Release(); }
    }

    private Task<Data> InsertAsync() => app.WithDbAsync(async db =>
    {
        var codes = new[] { "A3", "R-JATIM", "R-BALNUS", "B-SBY", "B-MLG", "B-DPS", "C-SBY-TIM", "C-SBY-BAR", "C-MLG-KOTA", "C-DPS" };
        var units = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var cat1 = new SpendingCategory { AreaId = units["A3"].Id, Code = "D1" + suffix, Name = "Dash Akuisisi", SortOrder = 1 };
        var cat2 = new SpendingCategory { AreaId = units["A3"].Id, Code = "D2" + suffix, Name = "Dash Outlet", SortOrder = 2 };
        db.AddRange(cat1, cat2);
        await db.SaveChangesAsync();

        int C(string code) => units[code].Id;
        var budgets = new List<(int, int, long)>
        {
            (C("C-SBY-TIM"), 3, 10_000_000), (C("C-SBY-BAR"), 3, 8_000_000), (C("C-MLG-KOTA"), 3, 6_000_000), (C("C-DPS"), 3, 1_000_000),
            (C("C-SBY-TIM"), 4, 12_000_000), (C("C-DPS"), 4, 2_000_000),
        };
        var recommendations = new List<(int, int, int, long)>
        {
            (C("C-SBY-TIM"), 3, cat1.Id, 6_000_000), (C("C-SBY-TIM"), 3, cat2.Id, 4_000_000),
            (C("C-SBY-BAR"), 3, cat1.Id, 5_000_000), (C("C-MLG-KOTA"), 3, cat2.Id, 6_000_000),
            (C("C-DPS"), 3, cat1.Id, 500_000), (C("C-DPS"), 3, cat2.Id, 500_000), (C("C-SBY-TIM"), 4, cat1.Id, 12_000_000),
        };
        var reports = new List<Report>
        {
            new(C("C-SBY-TIM"), cat1.Id, 2_500_000, new(Year, 3, 2), ReportStatus.Approved),
            new(C("C-SBY-TIM"), cat1.Id, 1_000_000, new(Year, 3, 2), ReportStatus.Pending),
            new(C("C-SBY-TIM"), cat2.Id, 4_500_000, new(Year, 3, 15), ReportStatus.Approved), // over its recommendation
            new(C("C-SBY-TIM"), cat2.Id, 9_000_000, new(Year, 3, 16), ReportStatus.Rejected),
            new(C("C-SBY-BAR"), cat1.Id, 3_000_000, new(Year, 3, 31), ReportStatus.Approved),
            new(C("C-SBY-BAR"), cat2.Id, 700_000, new(Year, 3, 15), ReportStatus.Pending),
            new(C("C-MLG-KOTA"), cat2.Id, 1_200_000, new(Year, 3, 1), ReportStatus.Approved),
            new(C("C-DPS"), cat1.Id, 1_300_000, new(Year, 3, 10), ReportStatus.Approved), // the cluster past its budget
            new(C("C-DPS"), cat2.Id, 200_000, new(Year, 3, 10), ReportStatus.Pending),
            new(C("C-SBY-TIM"), cat1.Id, 5_000_000, new(Year, 4, 30), ReportStatus.Approved),
            new(C("C-DPS"), cat2.Id, 400_000, new(Year, 4, 1), ReportStatus.Pending),
            new(C("C-SBY-BAR"), cat1.Id, 800_000, new(Year, 11, 20), ReportStatus.Approved), // a month without a budget
        };

        var who = Guid.NewGuid();
        var now = app.Clock.GetUtcNow();
        foreach (var (cluster, month, amount) in budgets)
            db.Add(new MonthlyBudget { ClusterId = cluster, Year = Year, Month = month, Amount = amount, UpdatedAt = now, UpdatedBy = who });
        foreach (var (cluster, month, category, amount) in recommendations)
            db.Add(new Recommendation { ClusterId = cluster, Year = Year, Month = month, CategoryId = category, Amount = amount, UpdatedAt = now, UpdatedBy = who });
        await db.SaveChangesAsync();
        foreach (var r in reports)
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var report = new UsageReport
            {
                ClusterId = r.ClusterId, CategoryId = r.CategoryId, Amount = r.Amount, SpendDate = r.Day, Year = r.Day.Year, Month = r.Day.Month,
                Description = "dashboard test", Status = ReportStatus.Pending, SubmittedBy = who, SubmittedAt = now,
            };
            db.Add(report);
            await db.SaveChangesAsync();
            await UsageTotals.MoveAsync(db, report, null, ReportStatus.Pending, default);
            if (r.Status != ReportStatus.Pending)
            {
                report.Status = r.Status;
                await db.SaveChangesAsync();
                await UsageTotals.MoveAsync(db, report, ReportStatus.Pending, r.Status, default);
            }
            await tx.CommitAsync();
        }
        return new Data(units, cat1.Id, cat2.Id, budgets, recommendations, reports);
    });

    private async Task<DashboardView> GetAsync(string login, string query)
    {
        using var client = await app.ClientForAsync(login);
        var response = await client.GetAsync("/api/budget/dashboard?" + query, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DashboardView>(Json))!;
    }

    private static DashboardFigures Expected(Data d, OrgUnit unit, int? month)
    {
        bool In(int cluster, int m) => d.Under(cluster, unit) && (month is null || m == month);
        var budget = d.Budgets.Where(b => In(b.ClusterId, b.Month)).Sum(b => b.Amount);
        var recommended = d.Recommendations.Where(r => In(r.ClusterId, r.Month)).Sum(r => r.Amount);
        var approved = d.Reports.Where(r => In(r.ClusterId, r.Day.Month) && r.Status == ReportStatus.Approved).Sum(r => r.Amount);
        var pending = d.Reports.Where(r => In(r.ClusterId, r.Day.Month) && r.Status == ReportStatus.Pending).Sum(r => r.Amount);
        double? percent = budget == 0 ? null : Math.Round(100.0 * approved / budget, 1);
        return new DashboardFigures(budget, recommended, approved, pending, budget - approved, percent, approved > budget);
    }

    /// <summary>Every figure of the dashboard of <paramref name="code"/> against the inserted rows.</summary>
    private static void ShouldMatch(DashboardView view, Data d, string code, int? month, params string[] children)
    {
        var unit = d.Units[code];
        view.Unit.Id.Should().Be(unit.Id);
        view.Period.Should().Be(new DashboardPeriod(Year, month));
        view.Totals.Should().Be(Expected(d, unit, month));

        foreach (var child in children)
            view.Children.Should().ContainSingle(c => c.Unit.Id == d.Units[child].Id).Which.Figures.Should().Be(Expected(d, d.Units[child], month), child);
        // Any other child (a unit added under the demo tree) has nothing in 2034.
        view.Children.Where(c => !children.Any(x => d.Units[x].Id == c.Unit.Id))
            .Where(c => c.Figures != DashboardFigures.Of(0, 0, 0, 0)).Should().BeEmpty();

        bool In(int cluster, int m) => d.Under(cluster, unit) && (month is null || m == month);
        var expectedCategories = new[] { d.Cat1, d.Cat2 }.Select(cat =>
        {
            var rec = d.Recommendations.Where(r => r.CategoryId == cat && In(r.ClusterId, r.Month)).Sum(r => r.Amount);
            var ok = d.Reports.Where(r => r.CategoryId == cat && In(r.ClusterId, r.Day.Month) && r.Status == ReportStatus.Approved).Sum(r => r.Amount);
            var wait = d.Reports.Where(r => r.CategoryId == cat && In(r.ClusterId, r.Day.Month) && r.Status == ReportStatus.Pending).Sum(r => r.Amount);
            return (Id: cat, Recommended: rec, Approved: ok, Pending: wait, Percent: rec == 0 ? (double?)null : Math.Round(100.0 * ok / rec, 1), Over: ok > rec);
        }).Where(c => c.Recommended != 0 || c.Approved != 0 || c.Pending != 0 ||
                      d.Reports.Any(r => r.CategoryId == c.Id && In(r.ClusterId, r.Day.Month))).ToList();
        view.Categories.Select(c => (c.Id, c.Recommended, c.Approved, c.Pending, Percent: c.PercentUsed, Over: c.OverSpent))
            .Should().Equal(expectedCategories);

        view.Monthly.Should().HaveCount(12);
        view.Monthly.Should().Equal(Enumerable.Range(1, 12).Select(m =>
        {
            var f = Expected(d, unit, m);
            return new DashboardMonth(m, f.Budget, f.Approved, f.Pending);
        }));

        if (month is { } mo)
        {
            var days = DateTime.DaysInMonth(Year, mo);
            view.Daily.Should().Equal(Enumerable.Range(1, days).Select(day =>
            {
                var date = new DateOnly(Year, mo, day);
                var here = d.Reports.Where(r => r.Day == date && d.Under(r.ClusterId, unit)).ToList();
                return new DashboardDay(date, here.Where(r => r.Status == ReportStatus.Approved).Sum(r => r.Amount),
                    here.Where(r => r.Status == ReportStatus.Pending).Sum(r => r.Amount));
            }));
        }
        else view.Daily.Should().BeEmpty();
    }

    [Fact]
    public async Task Every_level_adds_up_to_the_inserted_rows()
    {
        var d = await DataAsync();
        var area = await GetAsync(Demo.Area, $"unitId={d.Units["A3"].Id}&year={Year}&month=3");
        ShouldMatch(area, d, "A3", 3, "R-JATIM", "R-BALNUS");
        area.Totals.Approved.Should().Be(2_500_000 + 4_500_000 + 3_000_000 + 1_200_000 + 1_300_000);
        area.Totals.Pending.Should().Be(1_000_000 + 700_000 + 200_000);
        area.Breadcrumb.Should().BeEmpty("the area admin sees nothing above the Area");

        var region = await GetAsync(Demo.Area, $"unitId={d.Units["R-BALNUS"].Id}&year={Year}&month=3");
        ShouldMatch(region, d, "R-BALNUS", 3, "B-DPS");
        region.Children.Single(c => c.Unit.Code == "B-DPS").Figures.OverSpent.Should().BeTrue("C-DPS spent 1.3 million of 1 million");

        var jatim = await GetAsync(Demo.Area, $"unitId={d.Units["R-JATIM"].Id}&year={Year}&month=3");
        ShouldMatch(jatim, d, "R-JATIM", 3, "B-SBY", "B-MLG");
        jatim.Breadcrumb.Select(b => b.Code).Should().Equal("A3");

        var branch = await GetAsync(Demo.Area, $"unitId={d.Units["B-SBY"].Id}&year={Year}&month=3");
        ShouldMatch(branch, d, "B-SBY", 3, "C-SBY-TIM", "C-SBY-BAR");
        branch.Totals.OverSpent.Should().BeFalse();

        var cluster = await GetAsync(Demo.Area, $"unitId={d.Units["C-SBY-TIM"].Id}&year={Year}&month=3");
        ShouldMatch(cluster, d, "C-SBY-TIM", 3);
        cluster.Children.Should().BeEmpty();
        cluster.Breadcrumb.Select(b => b.Code).Should().Equal("A3", "R-JATIM", "B-SBY");
        cluster.Categories.Single(c => c.Id == d.Cat2).OverSpent.Should().BeTrue("4.5 million approved against 4 million recommended");
        cluster.Categories.Single(c => c.Id == d.Cat1).OverSpent.Should().BeFalse();
    }

    [Fact]
    public async Task Without_a_month_the_whole_year_is_shown()
    {
        var d = await DataAsync();
        var area = await GetAsync(Demo.Area, $"unitId={d.Units["A3"].Id}&year={Year}");
        ShouldMatch(area, d, "A3", null, "R-JATIM", "R-BALNUS");
        area.Totals.Budget.Should().Be(10_000_000 + 8_000_000 + 6_000_000 + 1_000_000 + 12_000_000 + 2_000_000);
        area.Monthly.Single(m => m.Month == 11).Should().Be(new DashboardMonth(11, 0, 800_000, 0));

        var sbyTim = await GetAsync(Demo.ClusterSbyTim, $"year={Year}");
        ShouldMatch(sbyTim, d, "C-SBY-TIM", null);
    }

    [Theory]
    [InlineData(Demo.Area, "A3")]
    [InlineData(Demo.RegionJatim, "R-JATIM")]
    [InlineData(Demo.RegionBalnus, "R-BALNUS")]
    [InlineData(Demo.BranchSby, "B-SBY")]
    [InlineData(Demo.McotJatim, "R-JATIM")]
    [InlineData(Demo.GmJatim, "R-JATIM")]
    [InlineData(Demo.ClusterSbyTim, "C-SBY-TIM")]
    [InlineData(Demo.ClusterDps, "C-DPS")]
    public async Task Each_role_starts_at_its_own_unit(string login, string code)
    {
        var d = await DataAsync();
        var view = await GetAsync(login, $"year={Year}&month=3");
        view.Unit.Code.Should().Be(code);
        ShouldMatch(view, d, code, 3, d.Units.Values.Where(u => u.ParentId == d.Units[code].Id).Select(u => u.Code).ToArray());
        if (login == Demo.ClusterSbyTim) view.Breadcrumb.Should().BeEmpty("a cluster user sees nothing above the cluster");
    }

    [Theory]
    [InlineData(Demo.RegionBalnus, "R-JATIM")]
    [InlineData(Demo.ClusterDps, "A3")]
    [InlineData(Demo.ClusterDps, "C-SBY-TIM")]
    [InlineData(Demo.BranchSby, "B-MLG")]
    public async Task A_unit_out_of_scope_is_not_found(string login, string code)
    {
        var d = await DataAsync();
        using var client = await app.ClientForAsync(login);
        var response = await client.GetAsync($"/api/budget/dashboard?unitId={d.Units[code].Id}&year={Year}&month=3", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var missing = await client.GetAsync($"/api/budget/dashboard?unitId=987654321&year={Year}", TestContext.Current.CancellationToken);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_gm_sees_jatim_read_only_and_a_user_without_a_budget_role_nothing()
    {
        var d = await DataAsync();
        var view = await GetAsync(Demo.GmJatim, $"unitId={d.Units["B-MLG"].Id}&year={Year}&month=3");
        ShouldMatch(view, d, "B-MLG", 3, "C-MLG-KOTA");
        view.Breadcrumb.Select(b => b.Code).Should().Equal("R-JATIM");

        // Read only: the GM may neither set a budget nor approve a report in the Region it sees.
        var ct = TestContext.Current.CancellationToken;
        using var gm = await app.ClientForAsync(Demo.GmJatim);
        var kota = d.Units["C-MLG-KOTA"].Id;
        (await gm.PutAsJsonAsync($"/api/budget/budgets/{kota}/{Year}/3", new { amount = 1 }, ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var pending = await app.WithDbAsync(db => db.Set<UsageReport>()
            .Where(r => r.ClusterId == d.Units["C-SBY-BAR"].Id && r.Year == Year && r.Status == ReportStatus.Pending).Select(r => r.Id).FirstAsync(ct));
        (await gm.PostAsync($"/api/budget/reports/{pending}/approve", null, ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ShouldMatch(await GetAsync(Demo.GmJatim, $"unitId={d.Units["B-MLG"].Id}&year={Year}&month=3"), d, "B-MLG", 3, "C-MLG-KOTA");
        (await app.WithDbAsync(db => db.Set<UsageReport>().Where(r => r.Id == pending).Select(r => r.Status).SingleAsync(ct))).Should().Be(ReportStatus.Pending);

        // A signed-in user without any budget role gets no dashboard, neither their own nor a unit's.
        var (nobody, _) = await app.UserAsync();
        using var client = await app.ClientForAsync(nobody, ReportKit.Password);
        (await client.GetAsync($"/api/budget/dashboard?year={Year}&month=3", ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync($"/api/budget/dashboard?unitId={d.Units["A3"].Id}&year={Year}&month=3", ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_bad_period_names_its_field()
    {
        using var client = await app.ClientForAsync(Demo.Area);
        var response = await client.GetAsync("/api/budget/dashboard?year=1999&month=13", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        body.Should().Contain("\"year\"").And.Contain("\"month\"");
    }
}
