using System.Data.Common;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Platform;

/// <summary>
/// The hand-written migrations must produce exactly the schema EF derives from the model: a database built by the
/// migrations is compared, table by table, column by column, index by index, with one built by EnsureCreated.
/// </summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Migrated_schema_equals_the_EF_model()
    {
        var folder = Directory.CreateTempSubdirectory("sigap-schema-").FullName;
        await using var migratedDb = await TestDatabase.CreateAsync(folder);
        await using var modelDb = await TestDatabase.CreateAsync(folder);

        await using (var db = Context(migratedDb))
        {
            var applied = await new Migrator(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
            applied.Should().NotBeEmpty();
        }
        await using (var db = Context(modelDb))
            await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);

        var migrated = await DescribeAsync(migratedDb);
        var model = await DescribeAsync(modelDb);
        migrated.Should().NotBeEmpty();
        migrated.Should().BeEquivalentTo(model, o => o.WithStrictOrdering(),
            "every table, column, index and foreign key of the model must come from a migration (write the next one from `dotnet run --project src/Sigap.Web -- schema-script {0}`)",
            TestDatabase.ProviderName);
    }

    [Fact]
    public async Task Migrating_twice_applies_nothing_the_second_time()
    {
        var folder = Directory.CreateTempSubdirectory("sigap-schema-").FullName;
        await using var database = await TestDatabase.CreateAsync(folder);
        await using var db = Context(database);
        var migrator = new Migrator(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance);
        (await migrator.MigrateAsync(TestContext.Current.CancellationToken)).Should().NotBeEmpty();
        (await migrator.MigrateAsync(TestContext.Current.CancellationToken)).Should().BeEmpty();
    }

    private static SigapDb Context(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<SigapDb>();
        if (database.Provider == "Postgres") options.UseNpgsql(database.ConnectionString);
        else options.UseSqlite(database.ConnectionString);
        return new SigapDb(options.Options);
    }

    /// <summary>A sorted, provider-specific description of the schema (the migration history table left out).</summary>
    private static async Task<List<string>> DescribeAsync(TestDatabase database)
    {
        await using var db = Context(database);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var lines = new List<string>();
        if (database.Provider == "Postgres")
        {
            lines.AddRange(await QueryAsync(conn, """
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                       || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') || ' identity=' || is_identity
                       || ' collation=' || coalesce(collation_name, '')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__sigap_migrations'
                """));
            lines.AddRange(await QueryAsync(conn, """
                SELECT 'index ' || tablename || ' ' || indexdef FROM pg_indexes
                WHERE schemaname = 'public' AND tablename <> '__sigap_migrations'
                """));
            lines.AddRange(await QueryAsync(conn, """
                SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '__sigap_migrations'
                """));
        }
        else
        {
            var tables = await QueryAsync(conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__sigap_migrations'");
            foreach (var t in tables)
            {
                lines.AddRange((await QueryAsync(conn, $"SELECT 'column {t}.' || name || ' ' || type || ' notnull=' || \"notnull\" || ' default=' || coalesce(dflt_value, '') || ' pk=' || pk FROM pragma_table_info('{t}')")));
                lines.AddRange(await QueryAsync(conn, $"SELECT 'fk {t} ' || \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' on delete ' || on_delete FROM pragma_foreign_key_list('{t}')"));
                var indexes = await QueryAsync(conn, $"SELECT name || ' unique=' || \"unique\" || ' origin=' || origin FROM pragma_index_list('{t}')");
                foreach (var index in indexes)
                {
                    var name = index.Split(' ')[0];
                    var columns = await QueryAsync(conn, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno", sort: false);
                    lines.Add($"index {t} {index} ({string.Join(",", columns)})");
                }
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> QueryAsync(DbConnection conn, string sql, bool sort = true)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetString(0));
        if (sort) result.Sort(StringComparer.Ordinal);
        return result;
    }
}
