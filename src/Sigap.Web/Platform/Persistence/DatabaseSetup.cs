using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sigap.Web.Platform.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

internal static class DatabaseSetup
{
    /// <summary>Where Sigap keeps its SQLite file, local files, mail drop and generated keys.</summary>
    public static string DataFolder(IConfiguration config)
    {
        var path = config["SIGAP_DATA"] ?? config["Sigap:DataPath"] ?? Path.Combine(Directory.GetCurrentDirectory(), "data");
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(path);
        return path;
    }

    public static DatabaseProvider Provider(IConfiguration config)
    {
        var value = config["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var p)
            ? p
            : throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{value}'.");
    }

    public static void Configure(DbContextOptionsBuilder options, IConfiguration config)
    {
        var connection = config.GetConnectionString("Sigap");
        switch (Provider(config))
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connection))
                    throw new InvalidOperationException("ConnectionStrings:Sigap is required when Database:Provider is Postgres.");
                options.UseNpgsql(WithAutoPrepare(connection));
                break;
            default:
                connection ??= $"Data Source={Path.Combine(DataFolder(config), "sigap.db")}";
                options.UseSqlite(connection);
                break;
        }
    }

    /// <summary>
    /// Npgsql prepares nothing by default, so PostgreSQL plans every dashboard query again on each call. Let it keep
    /// prepared statements for the commands used most (unless the connection string says otherwise).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
            builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    public static IServiceCollection AddSigapDatabase(this IServiceCollection services, IConfiguration config)
    {
        // Interceptors (outbox wake-up, notification push) are singletons that areas register as IInterceptor.
        services.AddDbContext<SigapDb>((sp, o) => { Configure(o, config); o.AddInterceptors(sp.GetServices<IInterceptor>()); },
            optionsLifetime: ServiceLifetime.Singleton);
        // Blazor circuits live long: interactive pages create a short-lived context per operation.
        services.AddDbContextFactory<SigapDb>((sp, o) => { Configure(o, config); o.AddInterceptors(sp.GetServices<IInterceptor>()); });
        services.AddScoped<Migrator>();
        return services;
    }
}
