using System.Data.Common;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Platform;

/// <summary>
/// The hand-written migrations must produce exactly the schema EF derives from the model: a database built by the
/// migrations is compared, table by table, column by column, index by index, with one built by EnsureCreated.
/// Objects a migration makes on purpose outside the model (full-text tables, Quartz's tables) are declared by name as
/// <see cref="UnmodeledObject"/>s (classes implementing <see cref="IUnmodeledSchema"/>) and left out; nothing else is.
/// </summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Migrated_schema_equals_the_EF_model()
    {
        var (migrated, model) = await MigratedAndModelAsync(extraSql: null);
        migrated.Should().NotBeEmpty();
        CompareAsSchemaTestDoes(migrated, model, UnmodeledSchema.All(Provider));
    }

    /// <summary>The qrtz_* tables of Quartz's clustered store are made by migration 0004_jobs and declared, not modelled.</summary>
    [Fact]
    public async Task Quartz_tables_are_created_on_PostgreSQL_and_declared_as_unmodeled()
    {
        Assert.SkipUnless(TestDatabase.IsPostgres, "Quartz keeps its schedule in memory on SQLite.");
        var (migrated, _) = await MigratedAndModelAsync(extraSql: null);
        var tables = migrated.Select(l => l.Table).Where(t => t.StartsWith("qrtz_", StringComparison.Ordinal)).Distinct().Order().ToList();
        tables.Should().BeEquivalentTo(UnmodeledSchema.All(DatabaseProvider.Postgres).Select(o => o.Table).Where(t => t.StartsWith("qrtz_", StringComparison.Ordinal)));
        tables.Should().Contain(["qrtz_triggers", "qrtz_locks", "qrtz_scheduler_state"]);
    }

    /// <summary>
    /// A migration that adds full-text objects passes the comparison once they are declared (SQLite: an FTS5 table and its
    /// shadow tables; PostgreSQL: a tsvector column and its GIN index), and an extra table nobody declared still fails it.
    /// </summary>
    [Fact]
    public async Task Declared_full_text_objects_pass_the_schema_comparison_and_an_undeclared_table_fails_it()
    {
        var fullText = TestDatabase.IsPostgres
            ? """
              ALTER TABLE "Notifications" ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce("Title", ''))) STORED;
              CREATE INDEX ix_notifications_search ON "Notifications" USING GIN (search);
              """
            : """CREATE VIRTUAL TABLE notes_fts USING fts5(title, body);""";
        var declared = TestDatabase.IsPostgres
            ? [UnmodeledObject.Column("Notifications", "search"), UnmodeledObject.Index("Notifications", "ix_notifications_search")]
            : UnmodeledObject.Fts5Table("notes_fts").ToList();
        const string undeclared = """CREATE TABLE stray_table (id integer PRIMARY KEY);""";

        var (migrated, model) = await MigratedAndModelAsync(fullText + "\n" + undeclared);
        var known = UnmodeledSchema.All(Provider);
        migrated.Should().Contain(l => l.Table.StartsWith(TestDatabase.IsPostgres ? "Notifications" : "notes_fts_", StringComparison.Ordinal)
            && !model.Contains(l), "the migration made the full-text objects");

        Drift(migrated, model, [.. known, .. declared]).Should().OnlyContain(l => l.Table == "stray_table", "an undeclared table is drift")
            .And.NotBeEmpty();
        Drift(migrated, model, [.. known, .. declared, UnmodeledObject.WholeTable("stray_table")]).Should().BeEmpty();
        CompareAsSchemaTestDoes(migrated, model, [.. known, .. declared, UnmodeledObject.WholeTable("stray_table")]);
        Drift(migrated, model, [.. known, UnmodeledObject.WholeTable("stray_table")]).Should().NotBeEmpty("full-text objects that nobody declared are drift too")
            .And.OnlyContain(l => declared.Any(d => d.Table == l.Table && (d.Part == null || d.Part == l.Part)));
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

    private static DatabaseProvider Provider => TestDatabase.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>One database built by the migrations (plus <paramref name="extraSql"/>, as a later migration would), one by EnsureCreated.</summary>
    private static async Task<(List<SchemaLine> Migrated, List<SchemaLine> Model)> MigratedAndModelAsync(string? extraSql)
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("sigap-schema-").FullName;
        await using var migratedDb = await TestDatabase.CreateAsync(folder);
        await using var modelDb = await TestDatabase.CreateAsync(folder);

        await using (var db = Context(migratedDb))
        {
            var applied = await new Migrator(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync(ct);
            applied.Should().NotBeEmpty();
            if (extraSql is not null) await db.Database.ExecuteSqlRawAsync(extraSql, ct);
        }
        await using (var db = Context(modelDb))
            await db.Database.EnsureCreatedAsync(ct);
        return (await DescribeAsync(migratedDb), await DescribeAsync(modelDb));
    }

    private static List<SchemaLine> Kept(List<SchemaLine> migrated, IReadOnlyCollection<UnmodeledObject> unmodeled) =>
        migrated.Where(l => !unmodeled.Any(o => o.Table == l.Table && (o.Part is null || o.Part == l.Part))).ToList();

    /// <summary>What the migrations made beyond the model and the declared objects, and what of the model they lack.</summary>
    private static List<SchemaLine> Drift(List<SchemaLine> migrated, List<SchemaLine> model, IReadOnlyCollection<UnmodeledObject> unmodeled)
    {
        var kept = Kept(migrated, unmodeled);
        var modelTexts = model.Select(l => l.Text).ToHashSet();
        var keptTexts = kept.Select(l => l.Text).ToHashSet();
        return [.. kept.Where(l => !modelTexts.Contains(l.Text)), .. model.Where(l => !keptTexts.Contains(l.Text))];
    }

    /// <summary>The comparison: the migrated schema, less the declared unmodeled objects, equals the model's.</summary>
    private static void CompareAsSchemaTestDoes(List<SchemaLine> migrated, List<SchemaLine> model, IReadOnlyCollection<UnmodeledObject> unmodeled)
    {
        Kept(migrated, unmodeled).Select(l => l.Text).Should().BeEquivalentTo(model.Select(l => l.Text), o => o.WithStrictOrdering(),
            "every table, column, index and foreign key of the model must come from a migration (write the next one from `dotnet run --project src/Sigap.Web -- schema-script {0}`), and anything else a migration makes must be declared as an UnmodeledObject",
            TestDatabase.ProviderName);
    }

    /// <summary>One line of a schema description, with the table and the part (column, index, constraint) it is about.</summary>
    private sealed record SchemaLine(string Table, string Part, string Text);

    /// <summary>A sorted, provider-specific description of the schema (the migration history table left out).</summary>
    private static async Task<List<SchemaLine>> DescribeAsync(TestDatabase database)
    {
        await using var db = Context(database);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var lines = new List<SchemaLine>();
        if (database.Provider == "Postgres")
        {
            lines.AddRange(await LinesAsync(conn, """
                SELECT table_name, column_name, 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                       || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') || ' identity=' || is_identity
                       || ' collation=' || coalesce(collation_name, '')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__sigap_migrations'
                """));
            lines.AddRange(await LinesAsync(conn, """
                SELECT tablename, indexname, 'index ' || tablename || ' ' || indexdef FROM pg_indexes
                WHERE schemaname = 'public' AND tablename <> '__sigap_migrations'
                """));
            lines.AddRange(await LinesAsync(conn, """
                SELECT c.relname, conname, 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(k.oid)
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                WHERE connamespace = 'public'::regnamespace AND c.relname <> '__sigap_migrations'
                """));
        }
        else
        {
            var tables = await QueryAsync(conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__sigap_migrations'");
            foreach (var t in tables)
            {
                lines.AddRange(await LinesAsync(conn, $"SELECT '{t}', name, 'column {t}.' || name || ' ' || type || ' notnull=' || \"notnull\" || ' default=' || coalesce(dflt_value, '') || ' pk=' || pk FROM pragma_table_info('{t}')"));
                lines.AddRange(await LinesAsync(conn, $"SELECT '{t}', \"from\", 'fk {t} ' || \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' on delete ' || on_delete FROM pragma_foreign_key_list('{t}')"));
                var indexes = await QueryAsync(conn, $"SELECT name || ' unique=' || \"unique\" || ' origin=' || origin FROM pragma_index_list('{t}')");
                foreach (var index in indexes)
                {
                    var name = index.Split(' ')[0];
                    var columns = await QueryAsync(conn, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno", sort: false);
                    lines.Add(new(t, name, $"index {t} {index} ({string.Join(",", columns)})"));
                }
                // A virtual table (FTS5) has no ordinary columns to compare: name it, so an undeclared one shows.
                if (!lines.Any(l => l.Table == t)) lines.Add(new(t, "", $"table {t}"));
            }
        }
        lines.Sort((a, b) => StringComparer.Ordinal.Compare(a.Text, b.Text));
        return lines;
    }

    private static async Task<List<SchemaLine>> LinesAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        var result = new List<SchemaLine>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return result;
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
