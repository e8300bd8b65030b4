using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Sigap.Web.Platform.Persistence;

/// <summary>
/// Applies the versioned, hand-written SQL migrations of the platform and of every module (see <see cref="Scripts"/>).
/// EF's design-time package is not available, so each migration is a reviewed SQL script per provider;
/// a test proves the migrated schema equals the one EF derives from the model.
/// </summary>
public sealed class Migrator(SigapDb db, ILogger<Migrator> log)
{
    public const string HistoryTable = "__sigap_migrations";
    private const long PostgresLockKey = 727_001;

    /// <summary>
    /// The scripts of one provider in the order they apply: the platform's (<c>Platform/Persistence/Migrations/{provider}/</c>)
    /// first, then each module's (<c>Modules/{Name}/Data/Migrations/{provider}/</c>) by module name, each folder by file
    /// name. A module's scripts may rely on every platform table but on no other module's (modules meet through
    /// Contracts, not foreign keys). The id of a script is its file name and must be unique across all folders.
    /// </summary>
    public static IReadOnlyList<(string Id, string Sql)> Scripts(DatabaseProvider provider)
    {
        var asm = typeof(Migrator).Assembly;
        var scripts = asm.GetManifestResourceNames()
            .Select(n => (Resource: n, Source: SourceOf(n.Replace('\\', '/'), provider)))
            .Where(s => s.Source is not null)
            .OrderBy(s => s.Source == PlatformSource ? "" : s.Source, StringComparer.Ordinal)
            .ThenBy(s => Path.GetFileName(s.Resource), StringComparer.Ordinal)
            .Select(s =>
            {
                using var stream = asm.GetManifestResourceStream(s.Resource)!;
                using var reader = new StreamReader(stream);
                return (Path.GetFileNameWithoutExtension(s.Resource.Replace('\\', '/')), reader.ReadToEnd());
            })
            .ToList();
        var twice = scripts.GroupBy(s => s.Item1).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidOperationException($"Migration id '{twice.Key}' is used by two scripts; ids are file names and must be unique.");
        return scripts;
    }

    private const string PlatformSource = "Platform";

    /// <summary>"Platform", a module's name, or null when the resource is not a migration of this provider.</summary>
    private static string? SourceOf(string resource, DatabaseProvider provider)
    {
        if (!resource.EndsWith(".sql", StringComparison.Ordinal)) return null;
        var folder = resource[..(resource.LastIndexOf('/') + 1)];
        if (folder == $"Platform/Persistence/Migrations/{provider}/") return PlatformSource;
        var parts = folder.Split('/');
        // Modules/{Name}/Data/Migrations/{provider}/
        return parts is ["Modules", var name, "Data", "Migrations", var p, ""] && p == provider.ToString() ? name : null;
    }

    /// <summary>Applies every pending script, each in its own transaction. Returns the ids applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var provider = db.IsSqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Several app nodes may start at once on PostgreSQL: one migrates, the others wait.
            if (provider == DatabaseProvider.Postgres) await ExecAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey})", ct);
            // Write-ahead logging lets readers and one writer work at once (the default journal makes every reader block
            // the writer, and concurrent sign-ins failed with "database is locked"). The setting stays with the file.
            if (provider == DatabaseProvider.Sqlite) await ExecAsync(connection, null, "PRAGMA journal_mode=WAL", ct);
            await ExecAsync(connection, null,
                $"CREATE TABLE IF NOT EXISTS {HistoryTable} (id VARCHAR(150) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)", ct);
            var applied = new HashSet<string>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = $"SELECT id FROM {HistoryTable}";
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
            }

            var done = new List<string>();
            foreach (var (id, sql) in Scripts(provider).Where(s => !applied.Contains(s.Id)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await ExecAsync(connection, tx, sql, ct);
                await using (var cmd = connection.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = $"INSERT INTO {HistoryTable} (id, applied_at) VALUES (@id, @at)";
                    AddParameter(cmd, "@id", id);
                    AddParameter(cmd, "@at", DateTimeOffset.UtcNow.ToString("O"));
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                log.LogInformation("Applied migration {Migration}", id);
                done.Add(id);
            }
            if (provider == DatabaseProvider.Postgres) await ExecAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey})", ct);
            return done;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
