using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Bench;

/// <summary>A fresh, migrated database for one benchmark run: a SQLite file in a temp folder, or a new PostgreSQL database
/// on the server named by --connection or SIGAP_BENCH_PG (dropped at the end).</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _pgServer;
    private readonly string? _pgName;
    private readonly string? _folder;
    public DbContextOptions<SigapDb> Options { get; }
    public string Provider { get; }

    private BenchDatabase(string provider, DbContextOptions<SigapDb> options, string? pgServer, string? pgName, string? folder)
    {
        Provider = provider;
        Options = options;
        _pgServer = pgServer;
        _pgName = pgName;
        _folder = folder;
    }

    public static async Task<BenchDatabase> CreateAsync(Options args)
    {
        BenchDatabase db;
        if (args.Get("provider", "sqlite") == "postgres")
        {
            var server = args.Get("connection", Environment.GetEnvironmentVariable("SIGAP_BENCH_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres");
            var name = $"sigap_bench_{Guid.NewGuid():N}";
            await using (var conn = new NpgsqlConnection(server))
            {
                await conn.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn).ExecuteNonQueryAsync();
            }
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            db = new BenchDatabase("postgres", new DbContextOptionsBuilder<SigapDb>().UseNpgsql(DatabaseSetup.WithAutoPrepare(cs)).Options, server, name, null);
        }
        else
        {
            var folder = Directory.CreateTempSubdirectory("sigap-bench-").FullName;
            var options = new DbContextOptionsBuilder<SigapDb>().UseSqlite($"Data Source={Path.Combine(folder, "bench.db")}").Options;
            db = new BenchDatabase("sqlite", options, null, null, folder);
        }
        await using var ctx = db.NewContext();
        await new Migrator(ctx, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync();
        return db;
    }

    public SigapDb NewContext() => new(Options);

    public async ValueTask DisposeAsync()
    {
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgServer);
            await conn.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)", conn).ExecuteNonQueryAsync();
        }
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>An org tree built in memory with ids chosen here, so paths are known without reading them back.</summary>
internal sealed class BenchTree
{
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private int _nextId = 2;

    public BenchTree() =>
        Units = [new OrgUnit { Id = 1, Kind = OrgUnitKind.Root, Code = "ROOT", Name = "Root", Path = "/1/", CreatedAt = _now }];

    public List<OrgUnit> Units { get; }

    public OrgUnit Add(OrgUnit parent, OrgUnitKind kind)
    {
        var id = _nextId++;
        var unit = new OrgUnit { Id = id, ParentId = parent.Id, Kind = kind, Code = $"{kind}-{id}", Name = $"{kind} {id}", Path = $"{parent.Path}{id}/", CreatedAt = _now };
        Units.Add(unit);
        return unit;
    }
}

/// <summary>"--name value" options.</summary>
internal sealed class Options(string[] args)
{
    public string Get(string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public int Get(string name, int fallback) => int.Parse(Get(name, fallback.ToString()));
}

/// <summary>Percentiles of repeated timings, in milliseconds.</summary>
internal static class Timing
{
    /// <param name="warmups">
    /// Unmeasured runs first (JIT, query compilation, page cache). Code that a server runs all day should get about 50:
    /// .NET first runs a method as quick unoptimised code and re-compiles it after 30 calls, so fewer measure tier-0 code.
    /// </param>
    public static async Task<(double P50, double P95)> MeasureAsync(int runs, Func<Task> work, int warmups = 5)
    {
        for (var i = 0; i < warmups; i++) await work();
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await work();
            samples[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return (samples[(int)(runs * 0.50)], samples[Math.Min(runs - 1, (int)(runs * 0.95))]);
    }
}
