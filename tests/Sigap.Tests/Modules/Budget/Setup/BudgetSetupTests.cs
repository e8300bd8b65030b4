using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;

namespace Sigap.Tests.Modules.Budget.Setup;

/// <summary>
/// Categories, Area settings, budgets, recommendations and month closing over HTTP, per role, on both databases. Most
/// tests build an Area of their own (SetupWorld); the budget test sets budgets on a demo cluster, so the demo data is
/// this class's own.
/// </summary>
public sealed class BudgetSetupTests(OwnDemoApp<BudgetSetupTests> app) : IClassFixture<OwnDemoApp<BudgetSetupTests>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> UnitIdAsync(string code) => app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).SingleAsync(Ct));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    [Fact]
    public async Task Area_admin_manages_categories_others_read_or_are_refused()
    {
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        var region = await app.ClientForAsync(world.RegionAdmin);

        var created = await admin.PostAsJsonAsync("/api/budget/categories", new { areaId = world.AreaId, code = "AKU", name = "Akuisisi", sortOrder = 1 }, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await JsonAsync(created)).GetProperty("id").GetInt32();

        (await admin.PostAsJsonAsync("/api/budget/categories", new { areaId = world.AreaId, code = "aku", name = "Lagi" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var invalid = await admin.PostAsJsonAsync("/api/budget/categories", new { areaId = world.AreaId, code = "", name = "" }, Ct);
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(invalid)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Contain(["code", "name"]);

        var updated = await admin.PutAsJsonAsync($"/api/budget/categories/{id}", new { name = "Akuisisi Baru", sortOrder = 5, isActive = false }, Ct);
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await JsonAsync(updated);
        body.GetProperty("code").GetString().Should().Be("AKU");
        body.GetProperty("isActive").GetBoolean().Should().BeFalse();

        // The region admin reads the list of the Area above but may not change it.
        var list = await JsonAsync(await region.GetAsync($"/api/budget/categories?areaId={world.AreaId}", Ct));
        list.EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("Akuisisi Baru");
        (await region.PostAsJsonAsync("/api/budget/categories", new { areaId = world.AreaId, code = "X1", name = "X" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await region.PutAsJsonAsync($"/api/budget/categories/{id}", new { name = "X" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Another Area's admin: the Area and its categories do not exist for them.
        var otherAdmin = await app.ClientForAsync(Demo.Area);
        (await otherAdmin.GetAsync($"/api/budget/categories?areaId={world.AreaId}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherAdmin.PutAsJsonAsync($"/api/budget/categories/{id}", new { name = "X" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherAdmin.PostAsJsonAsync("/api/budget/categories", new { areaId = world.AreaId, code = "X2", name = "X" }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // A cluster user reads the categories of its Area and changes nothing.
        var cluster = await app.ClientForAsync(Demo.ClusterSbyTim);
        var a3 = await UnitIdAsync("A3");
        var a3Code = "T" + world.Suffix;
        (await otherAdmin.PostAsJsonAsync("/api/budget/categories", new { areaId = a3, code = a3Code, name = "Uji" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        var own = await cluster.GetAsync("/api/budget/categories", Ct);
        own.StatusCode.Should().Be(HttpStatusCode.OK);
        var visible = (await JsonAsync(own)).EnumerateArray().ToList();
        visible.Should().OnlyContain(c => c.GetProperty("areaId").GetInt32() == a3);
        visible.Select(c => c.GetProperty("code").GetString()).Should().Contain(a3Code);
        (await cluster.PostAsJsonAsync("/api/budget/categories", new { areaId = a3, code = "X3", name = "X" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Over_spend_policy_is_read_by_all_and_set_by_the_area_admin()
    {
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        var region = await app.ClientForAsync(world.RegionAdmin);
        (await JsonAsync(await region.GetAsync($"/api/budget/areas/{world.AreaId}/settings", Ct))).GetProperty("overspendPolicy").GetString().Should().Be("Warn");
        (await admin.PutAsJsonAsync($"/api/budget/areas/{world.AreaId}/settings", new { overspendPolicy = "stop" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(await region.GetAsync($"/api/budget/areas/{world.AreaId}/settings", Ct))).GetProperty("overspendPolicy").GetString().Should().Be("Stop");
        (await admin.PutAsJsonAsync($"/api/budget/areas/{world.AreaId}/settings", new { overspendPolicy = "maybe" }, Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await region.PutAsJsonAsync($"/api/budget/areas/{world.AreaId}/settings", new { overspendPolicy = "Warn" }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await app.ClientForAsync(Demo.Area)).GetAsync($"/api/budget/areas/{world.AreaId}/settings", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Area_admin_sets_budgets_audited_with_old_and_new_amount_others_are_refused()
    {
        const int year = 2033;
        var admin = await app.ClientForAsync(Demo.Area);
        var sbyTim = await UnitIdAsync("C-SBY-TIM");
        const int month = 4;

        (await admin.PutAsJsonAsync($"/api/budget/budgets/{sbyTim}/{year}/{month}", new { amount = 28_488_600 }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await admin.PutAsJsonAsync($"/api/budget/budgets/{sbyTim}/{year}/{month}", new { amount = 30_000_000 }, Ct);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(second)).GetProperty("amount").GetInt64().Should().Be(30_000_000);

        var data = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Action == "budget.budget.set" && a.EntityId == $"{sbyTim}/{year}/{month}")
            .OrderByDescending(a => a.Id).Select(a => a.Data).FirstAsync(Ct));
        var audit = JsonDocument.Parse(data!).RootElement;
        audit.GetProperty("old").GetProperty("amount").GetInt64().Should().Be(28_488_600);
        audit.GetProperty("new").GetProperty("amount").GetInt64().Should().Be(30_000_000);

        var negative = await admin.PutAsJsonAsync($"/api/budget/budgets/{sbyTim}/{year}/{month}", new { amount = -1 }, Ct);
        negative.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(negative)).GetProperty("errors").TryGetProperty("amount", out _).Should().BeTrue();
        (await admin.PutAsJsonAsync($"/api/budget/budgets/{await UnitIdAsync("B-SBY")}/{year}/{month}", new { amount = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PutAsJsonAsync($"/api/budget/budgets/{sbyTim}/{year}/13", new { amount = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var world = await SetupWorld.CreateAsync(app);
        (await admin.PutAsJsonAsync($"/api/budget/budgets/{world.ClusterA}/{year}/{month}", new { amount = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var region = await app.ClientForAsync(Demo.RegionJatim);
        (await region.PutAsJsonAsync($"/api/budget/budgets/{sbyTim}/{year}/{month}", new { amount = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var cluster = await app.ClientForAsync(Demo.ClusterSbyTim);
        (await cluster.PutAsJsonAsync($"/api/budget/budgets/{sbyTim}/{year}/{month}", new { amount = 1 }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var read = await cluster.GetAsync($"/api/budget/budgets?unitId={sbyTim}&year={year}&month={month}", Ct);
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        var items = (await JsonAsync(read)).GetProperty("items").EnumerateArray().ToList();
        items.Should().ContainSingle().Which.GetProperty("amount").GetInt64().Should().Be(30_000_000);
        (await cluster.GetAsync($"/api/budget/budgets?unitId={await UnitIdAsync("C-DPS")}&year={year}&month={month}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // The branch list shows both of its clusters, the one without a budget as null.
        var branch = await JsonAsync(await admin.GetAsync($"/api/budget/budgets?unitId={await UnitIdAsync("B-SBY")}&year={year}&month={month}", Ct));
        branch.GetProperty("total").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Region_admin_sets_recommendations_in_their_region_within_the_budget()
    {
        const int year = 2034;
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        var region = await app.ClientForAsync(world.RegionAdmin);
        var c1 = await world.CategoryAsync(admin, "C1", 1);
        var c2 = await world.CategoryAsync(admin, "C2", 2);
        var url = $"/api/budget/recommendations/{world.ClusterA}/{year}/3";

        var noBudget = await region.PutAsJsonAsync(url, new { items = new[] { new { categoryId = c1, amount = 1_000 } } }, Ct);
        noBudget.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);

        (await admin.PutAsJsonAsync($"/api/budget/budgets/{world.ClusterA}/{year}/3", new { amount = 10_000_000 }, Ct)).EnsureSuccessStatusCode();
        var ok = await region.PutAsJsonAsync(url, new { items = new[] { new { categoryId = c1, amount = 6_000_000L }, new { categoryId = c2, amount = 4_000_000L } } }, Ct);
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(ok)).GetProperty("total").GetInt64().Should().Be(10_000_000);

        // Raising one category: the other keeps its 4.000.000, so the sum is 10.000.001.
        var over = await region.PutAsJsonAsync(url, new { items = new[] { new { categoryId = c1, amount = 6_000_001L } } }, Ct);
        over.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var detail = (await JsonAsync(over)).GetProperty("detail").GetString();
        detail.Should().Contain("Rp 10.000.001").And.Contain("Rp 10.000.000");

        var lowered = await region.PutAsJsonAsync(url, new { items = new[] { new { categoryId = c1, amount = 5_000_000L } } }, Ct);
        lowered.StatusCode.Should().Be(HttpStatusCode.OK);
        var view = await JsonAsync(await (await app.ClientForAsync(world.AreaAdmin)).GetAsync(url, Ct));
        view.GetProperty("total").GetInt64().Should().Be(9_000_000);
        view.GetProperty("budget").GetInt64().Should().Be(10_000_000);
        var audit = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Action == "budget.recommendation.set" && a.EntityId == $"{world.ClusterA}/{year}/3")
            .OrderByDescending(a => a.Id).Select(a => a.Data).FirstAsync(Ct));
        var entry = JsonDocument.Parse(audit!).RootElement;
        entry.GetProperty("old").GetProperty(c1.ToString()).GetInt64().Should().Be(6_000_000);
        entry.GetProperty("new").GetProperty(c1.ToString()).GetInt64().Should().Be(5_000_000);

        // Categories of another Area, inactive ones, or twice the same: 400 naming the item.
        var a3Category = await app.WithDbAsync(db => db.Set<SpendingCategory>().Where(c => c.AreaId != world.AreaId).Select(c => (int?)c.Id).FirstOrDefaultAsync(Ct));
        var foreign = await region.PutAsJsonAsync(url, new { items = new[] { new { categoryId = a3Category ?? -1, amount = 1L } } }, Ct);
        foreign.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(foreign)).GetProperty("errors").TryGetProperty("items[0].categoryId", out _).Should().BeTrue();
        (await region.PutAsJsonAsync(url, new { items = new[] { new { categoryId = c1, amount = 1L }, new { categoryId = c1, amount = 2L } } }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // Out of the region: another region's admin sees no such cluster; the Area admin may not recommend.
        var jatim = await app.ClientForAsync(Demo.RegionJatim);
        (await jatim.PutAsJsonAsync(url, new { items = new[] { new { categoryId = c1, amount = 1L } } }, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await jatim.PutAsJsonAsync($"/api/budget/recommendations/{await UnitIdAsync("C-DPS")}/{year}/3", new { items = Array.Empty<object>() }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PutAsJsonAsync(url, new { items = new[] { new { categoryId = c1, amount = 1L } } }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await app.ClientForAsync(Demo.ClusterSbyTim)).PutAsJsonAsync(url, new { items = Array.Empty<object>() }, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_closed_month_refuses_budget_and_recommendation_changes_until_reopened()
    {
        const int year = 2035;
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        var region = await app.ClientForAsync(world.RegionAdmin);
        var c1 = await world.CategoryAsync(admin, "C1", 1);
        var budgetUrl = $"/api/budget/budgets/{world.ClusterA}/{year}/5";
        var recUrl = $"/api/budget/recommendations/{world.ClusterA}/{year}/5";
        var rec = new { items = new[] { new { categoryId = c1, amount = 1_000L } } };
        (await admin.PutAsJsonAsync(budgetUrl, new { amount = 5_000_000 }, Ct)).EnsureSuccessStatusCode();

        (await region.PostAsync($"/api/budget/months/{world.AreaId}/{year}/5/close", null, Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.PostAsync($"/api/budget/months/{world.AreaId}/{year}/5/close", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/budget/months/{world.AreaId}/{year}/5/close", null, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var months = await JsonAsync(await region.GetAsync($"/api/budget/months/{world.AreaId}/{year}", Ct));
        months.GetProperty("months").EnumerateArray().Where(m => m.GetProperty("closed").GetBoolean()).Select(m => m.GetProperty("month").GetInt32()).Should().Equal(5);

        (await admin.PutAsJsonAsync(budgetUrl, new { amount = 6_000_000 }, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await region.PutAsJsonAsync(recUrl, rec, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict);

        (await admin.PostAsync($"/api/budget/months/{world.AreaId}/{year}/5/reopen", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/budget/months/{world.AreaId}/{year}/5/reopen", null, Ct)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await admin.PutAsJsonAsync(budgetUrl, new { amount = 6_000_000 }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await region.PutAsJsonAsync(recUrl, rec, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var actions = await app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityId == $"{world.AreaId}/{year}/5").Select(a => a.Action).ToListAsync(Ct));
        actions.Should().BeEquivalentTo(["budget.month.closed", "budget.month.reopened"]);
        (await (await app.ClientForAsync(Demo.Area)).PostAsync($"/api/budget/months/{world.AreaId}/{year}/6/close", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suggestion_comes_from_weighted_history_of_approved_usage()
    {
        const int year = 2036;
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        var c1 = await world.CategoryAsync(admin, "C1", 1);
        var c2 = await world.CategoryAsync(admin, "C2", 2);
        var c3 = await world.CategoryAsync(admin, "C3", 3);
        (await admin.PutAsJsonAsync($"/api/budget/budgets/{world.ClusterA}/{year}/7", new { amount = 10_000_000 }, Ct)).EnsureSuccessStatusCode();
        // June: c1 3/4, c2 1/4 (weight 6); May empty; April: all c2 (weight 5); the other cluster's usage does not count.
        await SetupWorld.ApprovedUsageAsync(app, world.ClusterA, c1, year, 6, 300_000);
        await SetupWorld.ApprovedUsageAsync(app, world.ClusterA, c2, year, 6, 100_000);
        await SetupWorld.ApprovedUsageAsync(app, world.ClusterA, c2, year, 4, 200_000);
        await SetupWorld.ApprovedUsageAsync(app, world.ClusterB, c3, year, 6, 900_000);

        var region = await app.ClientForAsync(world.RegionAdmin);
        var response = await region.GetAsync($"/api/budget/recommendations/{world.ClusterA}/{year}/7/suggestion", Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var s = await JsonAsync(response);
        s.GetProperty("method").GetString().Should().Be("history");
        s.GetProperty("months").EnumerateArray().Select(m => (m.GetProperty("year").GetInt32(), m.GetProperty("month").GetInt32())).Should().Equal((year, 6), (year, 4));
        // c1 = 6·¾ / 11 → 4.090.909 → 4.090.000; c2 = (6·¼ + 5) / 11 → 5.909.090 → 5.909.000 + the 1.000 left over (largest share).
        s.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("categoryId").GetInt32(), i.GetProperty("amount").GetInt64()))
            .Should().Equal((c1, 4_090_000L), (c2, 5_910_000L), (c3, 0L));
        s.GetProperty("total").GetInt64().Should().Be(10_000_000);
    }

    [Fact]
    public async Task Suggestion_falls_back_to_the_last_recommendation_then_to_an_even_split()
    {
        const int year = 2037;
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        var region = await app.ClientForAsync(world.RegionAdmin);
        var c1 = await world.CategoryAsync(admin, "C1", 1);
        var c2 = await world.CategoryAsync(admin, "C2", 2);
        var c3 = await world.CategoryAsync(admin, "C3", 3);
        var url = $"/api/budget/recommendations/{world.ClusterA}/{year}/3/suggestion";

        (await region.GetAsync(url, Ct)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await admin.PutAsJsonAsync($"/api/budget/budgets/{world.ClusterA}/{year}/3", new { amount = 10_000_000 }, Ct)).EnsureSuccessStatusCode();

        var even = await JsonAsync(await region.GetAsync(url, Ct));
        even.GetProperty("method").GetString().Should().Be("evenSplit");
        even.GetProperty("months").GetArrayLength().Should().Be(0);
        even.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("amount").GetInt64()).Should().Equal(3_334_000L, 3_333_000L, 3_333_000L);

        (await admin.PutAsJsonAsync($"/api/budget/budgets/{world.ClusterA}/{year}/2", new { amount = 4_000_000 }, Ct)).EnsureSuccessStatusCode();
        (await region.PutAsJsonAsync($"/api/budget/recommendations/{world.ClusterA}/{year}/2",
            new { items = new[] { new { categoryId = c1, amount = 2_000_000L }, new { categoryId = c2, amount = 1_000_000L }, new { categoryId = c3, amount = 1_000_000L } } }, Ct))
            .EnsureSuccessStatusCode();
        var last = await JsonAsync(await region.GetAsync(url, Ct));
        last.GetProperty("method").GetString().Should().Be("lastRecommendation");
        last.GetProperty("months").EnumerateArray().Single().GetProperty("month").GetInt32().Should().Be(2);
        last.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("amount").GetInt64()).Should().Equal(5_000_000L, 2_500_000L, 2_500_000L);

        // The cluster user reads the suggestion too; another region's admin does not see the cluster.
        (await (await app.ClientForAsync(Demo.RegionJatim)).GetAsync(url, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Refusals_follow_one_rule_title_is_the_kind_detail_is_the_message_code_is_the_key()
    {
        const int year = 2037;
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        var region = await app.ClientForAsync(world.RegionAdmin);
        region.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var c1 = await world.CategoryAsync(admin, "C1", 1);

        (await admin.PostAsync($"/api/budget/months/{world.AreaId}/{year}/2/close", null, Ct)).EnsureSuccessStatusCode();
        var conflict = await JsonAsync(await admin.PostAsync($"/api/budget/months/{world.AreaId}/{year}/2/close", null, Ct));
        conflict.GetProperty("status").GetInt32().Should().Be(409);
        conflict.GetProperty("title").GetString().Should().Be("Permintaan bertentangan dengan data yang ada.");
        conflict.GetProperty("code").GetString().Should().StartWith("budget.");
        conflict.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace().And.NotBe(conflict.GetProperty("title").GetString());

        var rule = await JsonAsync(await region.PutAsJsonAsync($"/api/budget/recommendations/{world.ClusterA}/{year}/3",
            new { items = new[] { new { categoryId = c1, amount = 1_000 } } }, Ct));
        rule.GetProperty("status").GetInt32().Should().Be(422, rule.GetRawText());
        rule.GetProperty("title").GetString().Should().Be("The request is refused by a rule.");
        rule.GetProperty("code").GetString().Should().StartWith("budget.");
        rule.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace().And.NotBe(rule.GetProperty("title").GetString());

        var notFound = await JsonAsync(await region.GetAsync($"/api/budget/months/{int.MaxValue}/{year}", Ct));
        notFound.GetProperty("title").GetString().Should().Be("Not found.");
        notFound.TryGetProperty("code", out _).Should().BeFalse("the general kind needs no code");
    }
}
