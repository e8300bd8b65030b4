using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Sigap.Web.Platform.Demo;
using Sigap.Web.Platform.Persistence;

[assembly: AssemblyFixture(typeof(Sigap.Tests.Infrastructure.DemoApp))]

namespace Sigap.Tests.Infrastructure;

/// <summary>
/// The whole application over real HTTP (in-memory transport) on a database of its own (SQLite file or PostgreSQL
/// database, per SIGAP_TEST_DB), with a loopback SMTP server catching its mail. Subclasses change settings.
/// Time is <see cref="Clock"/>: it starts at the real time (demo data stays current) and moves only when a test
/// advances it, which also fires the app's timers (dispatcher polls, sweeps) that fall due.
/// </summary>
public class SigapFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public MailCatcher Mail { get; } = new();
    public TestDatabase Database { get; private set; } = null!;
    public string DataFolder { get; } = Directory.CreateTempSubdirectory("sigap-test-").FullName;
    /// <summary>The app's time; move it only on a factory of your own (the shared <see cref="DemoApp"/>'s clock stands still).</summary>
    public FakeTimeProvider Clock { get; } = new(StartTime());
    /// <summary>Every SaveChanges of the app; a test waits on it for background work instead of sleeping.</summary>
    public SaveSignal Saves { get; } = new();

    /// <summary>Now, to the whole second, so that times stored at the databases' precision read back equal.</summary>
    private static DateTimeOffset StartTime()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Settings on top of the defaults below; override to change one (a low rate limit, a short code lifetime…).</summary>
    protected virtual void Configure(IDictionary<string, string?> settings) { }

    protected virtual bool Demo => true;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(DataFolder);
        _ = Server; // starts the host: migrations and (demo) seed run now
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SIGAP_DATA"] = DataFolder,
            ["Database:Provider"] = Database.Provider,
            ["ConnectionStrings:Sigap"] = Database.ConnectionString,
            ["Sigap:Demo"] = Demo ? "true" : "false",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Mail.Port.ToString(),
            ["Messaging:PollIntervalMs"] = "200",
            ["RateLimits:AuthPerMinute"] = "100000",
        };
        Configure(settings);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(Saves);
        });
    }

    /// <summary>Runs <paramref name="work"/> on a fresh DbContext of this app's database.</summary>
    public async Task<T> WithDbAsync<T>(Func<SigapDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SigapDb>();
        return await work(db);
    }

    public Task WithDbAsync(Func<SigapDb, Task> work) => WithDbAsync(async db => { await work(db); return true; });

    public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn);

    /// <summary>Signs in through POST /api/auth/login and returns the tokens.</summary>
    public async Task<Tokens> TokensAsync(string login, string password = DemoSeeder.Password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Login {login} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Tokens>(Json))!;
    }

    /// <summary>A client that calls the API as <paramref name="login"/> with a bearer token.</summary>
    public async Task<HttpClient> ClientForAsync(string login, string password = DemoSeeder.Password)
    {
        var tokens = await TokensAsync(login, password);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
        await Database.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// The shared app with the demo data, one per test run. Tests on it only add records of their own (units, users,
/// categories with unique codes) and never change or total up demo records: a class that does takes
/// <see cref="OwnDemoApp{TTests}"/> (or builds its own units), so no other class and no test order can disturb it.
/// </summary>
public sealed class DemoApp : SigapFactory;

/// <summary>
/// The demo data for the test class <typeparamref name="TTests"/> alone (<c>IClassFixture&lt;OwnDemoApp&lt;ThatClass&gt;&gt;</c>):
/// for classes that write into the demo tree (budgets, reports, closed months of demo units) and check exact figures there.
/// </summary>
public sealed class OwnDemoApp<TTests> : SigapFactory;

/// <summary>Demo logins as used by the tests.</summary>
public static class Demo
{
    public const string Admin = "admin@demo.sigap.id";
    public const string Area = "area@demo.sigap.id";
    public const string RegionJatim = "region.jatim@demo.sigap.id";
    public const string RegionBalnus = "region.balnus@demo.sigap.id";
    public const string BranchSby = "branch.sby@demo.sigap.id";
    public const string McotJatim = "mcot.jatim@demo.sigap.id";
    public const string GmJatim = "gm.jatim@demo.sigap.id";
    public const string ClusterSbyTim = "cluster.sbytim@demo.sigap.id";
    public const string ClusterDps = "cluster.dps@demo.sigap.id";
}
