using Sigap.Web.Modules.Budget.Contracts;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Dashboard;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Bench;

/// <summary>
/// budget-dashboard: 1 area, 5 regions, 30 branches, 300 clusters, 8 categories, 36 months of budgets and recommendations
/// and --reports usage reports (default 1,000,000), roll-ups built once with INSERT … SELECT … GROUP BY (what the app keeps
/// incrementally). Times the Area dashboard of one month and of one year through the handler the endpoint runs, against a
/// hand-written GROUP BY over the raw reports (per category, per child, by month, by day) as the baseline.
/// </summary>
internal static class BudgetDashboardBench
{
    private const int Regions = 5, BranchesPerRegion = 6, ClustersPerBranch = 10, Categories = 8, FirstYear = 2023, Months = 36;

    private sealed record Column(string Name, NpgsqlDbType Type);

    public static async Task<int> RunAsync(string[] raw)
    {
        var args = new Options(raw);
        var reports = args.Get("reports", 1_000_000);
        var runs = args.Get("runs", 40);
        await using var database = await BenchDatabase.CreateAsync(args);
        var started = Stopwatch.GetTimestamp();

        var now = DateTimeOffset.UtcNow;
        var tree = new BenchTree();
        var units = tree.Units;
        OrgUnit Add(OrgUnit parent, OrgUnitKind kind) => tree.Add(parent, kind);
        var area = Add(units[0], OrgUnitKind.Area);
        for (var r = 0; r < Regions; r++)
        {
            var region = Add(area, OrgUnitKind.Region);
            for (var b = 0; b < BranchesPerRegion; b++)
            {
                var branch = Add(region, OrgUnitKind.Branch);
                for (var c = 0; c < ClustersPerBranch; c++) Add(branch, OrgUnitKind.Cluster);
            }
        }
        var clusters = units.Where(u => u.Kind == OrgUnitKind.Cluster).Select(u => u.Id).ToArray();
        int[] categoryIds;
        await using (var db = database.NewContext())
        {
            db.OrgUnits.AddRange(units);
            var categories = Enumerable.Range(1, Categories)
                .Select(i => new SpendingCategory { AreaId = area.Id, Code = $"CAT{i}", Name = $"Category {i}", SortOrder = i }).ToList();
            db.AddRange(categories);
            await db.SaveChangesAsync();
            categoryIds = categories.Select(c => c.Id).ToArray();
        }

        var random = new Random(20260101);
        var who = Guid.NewGuid();
        var periods = Enumerable.Range(0, Months).Select(i => (Year: FirstYear + i / 12, Month: i % 12 + 1)).ToArray();
        var budgetRows = new List<object?[]>();
        var recommendationRows = new List<object?[]>();
        foreach (var cluster in clusters)
            foreach (var (year, month) in periods)
            {
                var budget = random.Next(20_000, 60_000) * 1_000L;
                budgetRows.Add([cluster, year, month, budget, now, who]);
                foreach (var category in categoryIds)
                    recommendationRows.Add([cluster, year, month, category, budget / Categories, now, who]);
            }

        IEnumerable<object?[]> Reports()
        {
            for (var i = 0; i < reports; i++)
            {
                var (year, month) = periods[random.Next(Months)];
                var day = new DateOnly(year, month, random.Next(1, DateTime.DaysInMonth(year, month) + 1));
                var roll = random.Next(100);
                var status = roll < 80 ? "Approved" : roll < 92 ? "Pending" : "Rejected";
                var submitted = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
                yield return [clusters[random.Next(clusters.Length)], categoryIds[random.Next(Categories)], random.Next(50, 2_000) * 1_000L, day, year, month,
                    "Bench report", status, who, submitted, false, false];
            }
        }

        await BulkAsync(database, "BudgetMonthly",
            [new("ClusterId", NpgsqlDbType.Integer), new("Year", NpgsqlDbType.Integer), new("Month", NpgsqlDbType.Integer), new("Amount", NpgsqlDbType.Bigint),
             new("UpdatedAt", NpgsqlDbType.TimestampTz), new("UpdatedBy", NpgsqlDbType.Uuid)], budgetRows);
        await BulkAsync(database, "BudgetRecommendations",
            [new("ClusterId", NpgsqlDbType.Integer), new("Year", NpgsqlDbType.Integer), new("Month", NpgsqlDbType.Integer), new("CategoryId", NpgsqlDbType.Integer),
             new("Amount", NpgsqlDbType.Bigint), new("UpdatedAt", NpgsqlDbType.TimestampTz), new("UpdatedBy", NpgsqlDbType.Uuid)], recommendationRows);
        await BulkAsync(database, "BudgetUsageReports",
            [new("ClusterId", NpgsqlDbType.Integer), new("CategoryId", NpgsqlDbType.Integer), new("Amount", NpgsqlDbType.Bigint), new("SpendDate", NpgsqlDbType.Date),
             new("Year", NpgsqlDbType.Integer), new("Month", NpgsqlDbType.Integer), new("Description", NpgsqlDbType.Varchar), new("Status", NpgsqlDbType.Varchar),
             new("SubmittedBy", NpgsqlDbType.Uuid), new("SubmittedAt", NpgsqlDbType.TimestampTz), new("OverRecommendation", NpgsqlDbType.Boolean),
             new("OverBudget", NpgsqlDbType.Boolean)], Reports());

        await using (var db = database.NewContext())
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "BudgetUsageMonthlyTotals" ("ClusterId", "Year", "Month", "CategoryId", "ApprovedAmount", "PendingAmount", "ApprovedCount", "PendingCount")
                SELECT "ClusterId", "Year", "Month", "CategoryId",
                    SUM(CASE WHEN "Status" = 'Approved' THEN "Amount" ELSE 0 END), SUM(CASE WHEN "Status" = 'Pending' THEN "Amount" ELSE 0 END),
                    SUM(CASE WHEN "Status" = 'Approved' THEN 1 ELSE 0 END), SUM(CASE WHEN "Status" = 'Pending' THEN 1 ELSE 0 END)
                FROM "BudgetUsageReports" WHERE "Status" <> 'Rejected'
                GROUP BY "ClusterId", "Year", "Month", "CategoryId"
                """);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "BudgetUsageDailyTotals" ("ClusterId", "Day", "ApprovedAmount", "PendingAmount")
                SELECT "ClusterId", "SpendDate", SUM(CASE WHEN "Status" = 'Approved' THEN "Amount" ELSE 0 END), SUM(CASE WHEN "Status" = 'Pending' THEN "Amount" ELSE 0 END)
                FROM "BudgetUsageReports" WHERE "Status" <> 'Rejected'
                GROUP BY "ClusterId", "SpendDate"
                """);
            await db.Database.ExecuteSqlRawAsync(database.Provider == "postgres" ? "VACUUM ANALYZE" : "ANALYZE");
        }
        var generation = Stopwatch.GetElapsedTime(started);
        // The generator's garbage would otherwise be collected during the measured runs.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        var scope = new UserScope(Guid.NewGuid(), [new ScopeGrant(BudgetRoles.AreaAdmin, area.Id, area.Code, area.Name, area.Kind, area.Path)]);
        var dashboard = new BudgetDashboard(TimeProvider.System);
        var lastYear = FirstYear + Months / 12 - 1;
        Console.WriteLine($"budget-dashboard on {database.Provider}: {units.Count:N0} units ({clusters.Length} clusters), {Categories} categories, {Months} months, " +
                          $"{reports:N0} reports; generated in {generation.TotalSeconds:F1} s; {runs} runs each");
        Console.WriteLine($"{"Area dashboard",-22} {"handler p50",12} {"p95",8} {"baseline p50",13} {"p95",8} {"p95 ratio",10}");
        if (args.Get("log", "") is "sql" or "time")
        {
            // One logged run of each period: every command with its SQL and time, to read the plans from.
            var logged = new DbContextOptionsBuilder<SigapDb>(database.Options)
                .LogTo(Console.WriteLine, [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]).Options;
            if (args.Get("log", "") == "sql") logged = new DbContextOptionsBuilder<SigapDb>(logged).AddInterceptors(new PlanPrinter()).Options;
            foreach (var month in new int?[] { 6, null })
            {
                await using var db = new SigapDb(logged);
                await dashboard.GetAsync(db, scope, area.Id, lastYear, month, default);
            }
        }
        foreach (var (label, month) in new[] { ($"one month ({lastYear}-06)", (int?)6), ($"whole year ({lastYear})", null) })
        {
            long handlerApproved = 0, baselineApproved = 0;
            var (h50, h95) = await Timing.MeasureAsync(runs, async () =>
            {
                await using var db = database.NewContext();
                var result = await dashboard.GetAsync(db, scope, area.Id, lastYear, month, default);
                handlerApproved = result.Value?.Totals.Approved ?? throw new InvalidOperationException(result.Error?.Message);
            }, warmups: 50);
            var (b50, b95) = await Timing.MeasureAsync(runs, async () =>
            {
                await using var db = database.NewContext();
                baselineApproved = await BaselineAsync(db, area, lastYear, month);
            });
            if (handlerApproved != baselineApproved)
                throw new InvalidOperationException($"handler says {handlerApproved:N0} approved, the reports say {baselineApproved:N0}");
            Console.WriteLine($"{label,-22} {h50,12:F2} {h95,8:F2} {b50,13:F2} {b95,8:F2} {h95 / b95,10:F3}");
        }
        return 0;
    }

    /// <summary>The same figures straight from the reports: approved/pending per category and per child for the period, the year by month, the month by day.</summary>
    private static async Task<long> BaselineAsync(SigapDb db, OrgUnit unit, int year, int? month)
    {
        var period = month is null ? "" : " AND r.\"Month\" = @m";
        var sums = "SUM(CASE WHEN r.\"Status\" = 'Approved' THEN r.\"Amount\" ELSE 0 END), SUM(CASE WHEN r.\"Status\" = 'Pending' THEN r.\"Amount\" ELSE 0 END)";
        var under = "c.\"Path\" >= @p AND c.\"Path\" < @u";
        string[] queries =
        [
            $"SELECT r.\"CategoryId\", {sums} FROM \"BudgetUsageReports\" r JOIN \"OrgUnits\" c ON c.\"Id\" = r.\"ClusterId\" WHERE {under} AND r.\"Year\" = @y{period} GROUP BY r.\"CategoryId\"",
            $"SELECT k.\"Id\", {sums} FROM \"BudgetUsageReports\" r JOIN \"OrgUnits\" c ON c.\"Id\" = r.\"ClusterId\" JOIN \"OrgUnits\" k ON k.\"ParentId\" = @id AND c.\"Path\" LIKE k.\"Path\" || '%' WHERE {under} AND r.\"Year\" = @y{period} GROUP BY k.\"Id\"",
            $"SELECT r.\"Month\", {sums} FROM \"BudgetUsageReports\" r JOIN \"OrgUnits\" c ON c.\"Id\" = r.\"ClusterId\" WHERE {under} AND r.\"Year\" = @y GROUP BY r.\"Month\"",
            .. month is null ? Array.Empty<string>() :
            [$"SELECT r.\"SpendDate\", {sums} FROM \"BudgetUsageReports\" r JOIN \"OrgUnits\" c ON c.\"Id\" = r.\"ClusterId\" WHERE {under} AND r.\"Year\" = @y{period} GROUP BY r.\"SpendDate\""],
        ];
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        long approved = 0;
        foreach (var sql in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Parameter(command, "p", unit.Path);
            Parameter(command, "u", ScopeQueries.UpperBound(unit.Path));
            Parameter(command, "y", year);
            Parameter(command, "id", unit.Id);
            if (month is { } m) Parameter(command, "m", m);
            await using var reader = await command.ExecuteReaderAsync();
            var first = sql == queries[0];
            while (await reader.ReadAsync())
                if (first) approved += reader.GetInt64(1);
        }
        return approved;
    }

    /// <summary>Prints each query of the handler with its plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).</summary>
    private sealed class PlanPrinter : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
            Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<DbDataReader> result,
            CancellationToken ct = default)
        {
            var sql = command.CommandText;
            command.CommandText = (command is NpgsqlCommand ? "EXPLAIN (ANALYZE, COSTS OFF) " : "EXPLAIN QUERY PLAN ") + sql;
            Console.WriteLine("---\n" + sql);
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    Console.WriteLine("  " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
            command.CommandText = sql;
            return result;
        }
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>Binary COPY on PostgreSQL; on SQLite one prepared INSERT reused inside 50,000-row transactions.</summary>
    private static async Task BulkAsync(BenchDatabase database, string table, Column[] columns, IEnumerable<object?[]> rows)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var db = database.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        if (connection is NpgsqlConnection pg)
        {
            await using var writer = await pg.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await writer.StartRowAsync();
                for (var i = 0; i < columns.Length; i++)
                    if (row[i] is null) await writer.WriteNullAsync();
                    else await writer.WriteAsync(row[i], columns[i].Type);
            }
            await writer.CompleteAsync();
            return;
        }

        var sqlite = (SqliteConnection)connection;
        var values = string.Join(", ", columns.Select((_, i) => $"$v{i}"));
        foreach (var chunk in rows.Chunk(50_000))
        {
            await using var tx = (SqliteTransaction)await sqlite.BeginTransactionAsync();
            await using var command = sqlite.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"INSERT INTO \"{table}\" ({names}) VALUES ({values})";
            var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$v{i}", null))).ToArray();
            command.Prepare();
            foreach (var row in chunk)
            {
                for (var i = 0; i < columns.Length; i++)
                    parameters[i].Value = row[i] switch
                    {
                        null => DBNull.Value,
                        // As EF Core's SQLite provider stores them.
                        Guid g => g.ToString().ToUpperInvariant(),
                        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz"),
                        DateOnly d => d.ToString("yyyy-MM-dd"),
                        bool b => b ? 1 : 0,
                        var v => v,
                    };
                await command.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
    }
}
