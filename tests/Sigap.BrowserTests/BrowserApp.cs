using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Persistence;

[assembly: AssemblyFixture(typeof(Sigap.BrowserTests.BrowserApp))]

namespace Sigap.BrowserTests;

/// <summary>
/// The real app on a real loopback port (Kestrel, not the in-memory test server, so a browser can reach it) with the
/// demo data on a SQLite file of its own, and one headless Debian Chromium shared by the tests. Each test opens its
/// own browser context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Sigap-Demo-2026!";
    public static readonly string ShotsFolder = Environment.GetEnvironmentVariable("SIGAP_SHOTS") ?? "/tmp/shots";

    private readonly string _dataFolder = Directory.CreateTempSubdirectory("sigap-browser-").FullName;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // Port 0 on the loopback address: the OS picks a free port, read back from the server's addresses.
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        // Debian's Chromium: Playwright never downloads a browser here. The networking flags keep it quiet on a closed network.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SIGAP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        Directory.CreateDirectory(ShotsFolder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SIGAP_DATA"] = _dataFolder,
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Sigap"] = $"Data Source={Path.Combine(_dataFolder, "browser.db")}",
            ["Sigap:Demo"] = "true",
            ["Messaging:PollIntervalMs"] = "200",
            ["RateLimits:AuthPerMinute"] = "100000",
        };
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>A fresh browser context (own cookies) in Indonesian, the app's first language, at the given window size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, string locale = "id-ID")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A confirmed user of this test only (unique e-mail), with <paramref name="role"/> on the unit <paramref name="unitCode"/>
    /// when given: tests that change a user (language, password, profile) never touch the demo users others sign in with.
    /// </summary>
    public async Task<string> CreateUserAsync(string firstName, string lastName, Role? role = null, string? unitCode = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SigapUser>>();
        var db = scope.ServiceProvider.GetRequiredService<SigapDb>();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var user = new SigapUser
        {
            Id = Guid.CreateVersion7(),
            UserName = $"u{suffix}",
            Email = $"browser.{suffix}@test.sigap.id",
            EmailConfirmed = true,
            FirstName = firstName,
            LastName = lastName,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        if (role is { } r)
        {
            var unit = await db.OrgUnits.SingleAsync(u => u.Code == unitCode);
            db.RoleAssignments.Add(new RoleAssignment { Id = Guid.CreateVersion7(), UserId = user.Id, Role = r, OrgUnitId = unit.Id, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        return user.Email;
    }

    /// <summary>The newest e-mail written to the pickup folder (no Smtp:Host here) for <paramref name="to"/>, waiting for the outbox to send it.</summary>
    public async Task<string> WaitForMailAsync(string to, CancellationToken ct)
    {
        var folder = Path.Combine(_dataFolder, "mail");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (Directory.Exists(folder))
                foreach (var file in new DirectoryInfo(folder).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc))
                {
                    var text = await File.ReadAllTextAsync(file.FullName, timeout.Token);
                    if (text.Contains(to, StringComparison.OrdinalIgnoreCase)) return text;
                }
            await Task.Delay(100, timeout.Token);
        }
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ShotsFolder, name + ".png"), FullPage = true });

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}
