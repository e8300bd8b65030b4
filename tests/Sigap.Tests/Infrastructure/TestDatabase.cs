using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sigap.Tests.Infrastructure;

/// <summary>
/// The database a test run uses: SIGAP_TEST_DB=sqlite (default) or postgres. For PostgreSQL, SIGAP_TEST_PG is the
/// connection string of the throwaway server that <c>sigap.sh test</c> starts; every factory gets a database of its own.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static string ProviderName => (Environment.GetEnvironmentVariable("SIGAP_TEST_DB") ?? "sqlite").ToLowerInvariant();
    public static bool IsPostgres => ProviderName == "postgres";

    public string Provider { get; }
    public string ConnectionString { get; }
    private readonly string? _pgName;
    private readonly string? _file;

    private TestDatabase(string provider, string connectionString, string? pgName, string? file)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _pgName = pgName;
        _file = file;
    }

    public static async Task<TestDatabase> CreateAsync(string folder)
    {
        if (!IsPostgres)
        {
            var file = Path.Combine(folder, $"test-{Guid.NewGuid():N}.db");
            return new TestDatabase("Sqlite", $"Data Source={file}", null, file);
        }
        var server = ServerConnectionString();
        var name = $"sigap_t_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("Postgres", builder.ConnectionString, name, null);
    }

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable("SIGAP_TEST_PG")
        ?? throw new InvalidOperationException("SIGAP_TEST_DB=postgres needs SIGAP_TEST_PG (run the tests with ./sigap.sh test).");

    public async ValueTask DisposeAsync()
    {
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(ServerConnectionString());
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
    }
}
