using System.Net;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Org;
using Sigap.Web.Platform.Org;
using static Sigap.Tests.Modules.Budget.Reports.ReportKit;

namespace Sigap.Tests.Modules.Budget.Reports;

/// <summary>
/// A unit that carries budget data cannot be deleted from the org tree; Budget's <c>IOrgUnitUsage</c> says which data
/// holds it (before the foreign key would refuse with a generic message), and the data is never lost.
/// </summary>
public sealed class ClusterDeleteTests(DemoApp app)
{
    [Fact]
    public async Task Deleting_a_cluster_with_a_budget_is_409_and_keeps_the_cluster()
    {
        var tree = await app.TreeAsync(Guid.NewGuid().ToString("N")[..8]);
        var cluster = tree[OrgUnitKind.Cluster];
        var category = await app.CategoryAsync(tree[OrgUnitKind.Area].Code);
        await app.LimitsAsync(cluster.Id, 2005, 3, budget: 1_000_000, category, recommended: 500_000);
        using var admin = await app.SignInAsync(Demo.Admin);

        var problem = await (await admin.DeleteAsync($"/api/org/units/{cluster.Id}", Ct)).ProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().Should().Be("org.unit.inUse");
        problem.GetProperty("detail").GetString().Should().Be("Unit masih dipakai (Anggaran: anggaran bulanan, rekomendasi) dan tidak dapat dihapus.");
        (await app.WithDbAsync(db => db.OrgUnits.AnyAsync(u => u.Id == cluster.Id, Ct))).Should().BeTrue();
        (await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "org.unit.deleted" && a.EntityId == cluster.Id.ToString(), Ct)))
            .Should().BeFalse("nothing of the refused delete is saved");
    }

    [Fact]
    public async Task Deleting_an_area_with_only_a_spending_category_is_409_naming_it_in_the_callers_language()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var root = await app.WithDbAsync(db => db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Root).Select(u => u.Id).SingleAsync(Ct));
        var area = await admin.CreateUnitAsync(root, "Area");
        await app.CategoryAsync(area.Code);

        using var english = new HttpRequestMessage(HttpMethod.Delete, $"/api/org/units/{area.Id}") { Headers = { { "Accept-Language", "en" } } };
        var problem = await (await admin.SendAsync(english, Ct)).ProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("detail").GetString().Should().Be("The unit is still in use (Budget: spending categories) and cannot be deleted.");
        (await app.WithDbAsync(db => db.OrgUnits.AnyAsync(u => u.Id == area.Id, Ct))).Should().BeTrue();
    }
}
