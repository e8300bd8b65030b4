// Sigap benchmarks: each prints its figures. Usage: dotnet run -c Release --project bench/Sigap.Bench -- <name> [options]
using Sigap.Bench;

var benches = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["org-subtree"] = OrgSubtreeBench.RunAsync,
    ["budget-dashboard"] = BudgetDashboardBench.RunAsync,
};

if (args.Length == 0 || !benches.TryGetValue(args[0], out var bench))
{
    Console.WriteLine("usage: Sigap.Bench <benchmark> [options]");
    Console.WriteLine("benchmarks: " + (benches.Count == 0 ? "(none yet)" : string.Join(", ", benches.Keys)));
    return args.Length == 0 ? 0 : 2;
}
return await bench(args[1..]);
