using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;

namespace Sigap.Bench;

/// <summary>
/// org-subtree: "everything under X" on a large tree. Builds root > areas > regions > branches > clusters
/// (--clusters, default 100,000) and times counting the units under one region and under one area with the
/// indexed Path range (ScopeQueries), against a LIKE 'prefix%' scan as the baseline.
/// </summary>
internal static class OrgSubtreeBench
{
    public static async Task<int> RunAsync(string[] raw)
    {
        var args = new Options(raw);
        var clusters = args.Get("clusters", 100_000);
        var runs = args.Get("runs", 200);
        await using var database = await BenchDatabase.CreateAsync(args);

        const int areas = 5, regionsPerArea = 10, branchesPerRegion = 20;
        var clustersPerBranch = Math.Max(1, clusters / (areas * regionsPerArea * branchesPerRegion));
        var tree = new BenchTree();
        var units = tree.Units;
        OrgUnit Add(OrgUnit parent, OrgUnitKind kind) => tree.Add(parent, kind);
        for (var a = 0; a < areas; a++)
        {
            var area = Add(units[0], OrgUnitKind.Area);
            for (var r = 0; r < regionsPerArea; r++)
            {
                var region = Add(area, OrgUnitKind.Region);
                for (var b = 0; b < branchesPerRegion; b++)
                {
                    var branch = Add(region, OrgUnitKind.Branch);
                    for (var c = 0; c < clustersPerBranch; c++) Add(branch, OrgUnitKind.Cluster);
                }
            }
        }
        foreach (var chunk in units.Chunk(5_000))
        {
            await using var db = database.NewContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.OrgUnits.AddRange(chunk);
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
            if (database.Provider == "postgres") await db.Database.ExecuteSqlRawAsync("ANALYZE \"OrgUnits\"");
            else await db.Database.ExecuteSqlRawAsync("ANALYZE");

        var someArea = units.First(u => u.Kind == OrgUnitKind.Area);
        var someRegion = units.Last(u => u.Kind == OrgUnitKind.Region);
        Console.WriteLine($"org-subtree on {database.Provider}: {units.Count:N0} units ({units.Count(u => u.Kind == OrgUnitKind.Cluster):N0} clusters), {runs} runs each");
        Console.WriteLine($"{"query",-40} {"rows",8} {"p50 ms",8} {"p95 ms",8}");
        foreach (var (label, prefix) in new[] { ("under one region", someRegion.Path), ("under one area", someArea.Path) })
        {
            await using var db = database.NewContext();
            var indexed = db.OrgUnits.Where(ScopeQueries.Under(prefix));
            var like = db.OrgUnits.Where(u => EF.Functions.Like(u.Path, prefix + "%"));
            var rows = await indexed.CountAsync();
            var (i50, i95) = await Timing.MeasureAsync(runs, () => indexed.CountAsync());
            var (l50, l95) = await Timing.MeasureAsync(runs, () => like.CountAsync());
            Console.WriteLine($"{label + " (Path range, indexed)",-40} {rows,8:N0} {i50,8:F2} {i95,8:F2}");
            Console.WriteLine($"{label + " (LIKE baseline)",-40} {rows,8:N0} {l50,8:F2} {l95,8:F2}");
        }
        return 0;
    }
}
