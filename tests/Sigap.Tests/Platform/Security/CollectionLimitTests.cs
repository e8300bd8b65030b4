using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;

namespace Sigap.Tests.Platform.Security;

/// <summary>A request with a collection is checked against the caller's scope first, capped, and validated in one pass.</summary>
public sealed class CollectionLimitTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> ClusterIdAsync(string code) => app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).SingleAsync(Ct));

    private static object Items(int count, Func<int, int> category) =>
        new { items = Enumerable.Range(0, count).Select(i => new { categoryId = category(i), amount = 1000 }).ToArray() };

    [Fact]
    public async Task A_recommendation_with_thousands_of_items_outside_the_callers_scope_is_a_404()
    {
        var cluster = await ClusterIdAsync("C-SBY-TIM");
        using var balnus = await app.ClientForAsync(Demo.RegionBalnus);
        var response = await balnus.PutAsJsonAsync($"/api/budget/recommendations/{cluster}/2039/1", Items(5000, i => i % 7), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task In_scope_more_items_than_the_cap_is_a_400_on_items_and_duplicates_are_still_named()
    {
        var cluster = await ClusterIdAsync("C-SBY-TIM");
        using var jatim = await app.ClientForAsync(Demo.RegionJatim);
        var tooMany = await jatim.PutAsJsonAsync($"/api/budget/recommendations/{cluster}/2039/1", Items(201, i => i + 1), Ct);
        tooMany.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await tooMany.Content.ReadAsStringAsync(Ct)).RootElement;
        problem.GetProperty("errors").GetProperty("items")[0].GetString().Should().Contain("200");

        var duplicates = await jatim.PutAsJsonAsync($"/api/budget/recommendations/{cluster}/2039/1", Items(3, _ => 5), Ct);
        duplicates.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await duplicates.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        errors.TryGetProperty("items[1].categoryId", out _).Should().BeTrue(errors.ToString());
        errors.TryGetProperty("items[2].categoryId", out _).Should().BeTrue(errors.ToString());
        errors.TryGetProperty("items[0].categoryId", out _).Should().BeFalse("the first of them is not a duplicate");
        (await app.WithDbAsync(db => db.Set<Recommendation>().CountAsync(r => r.ClusterId == cluster && r.Year == 2039, Ct))).Should().Be(0);
    }
}
