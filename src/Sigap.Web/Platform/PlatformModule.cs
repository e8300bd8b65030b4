using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Sigap.Web.Components;
using Sigap.Web.Platform.ApiDocs;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Composition;
using Sigap.Web.Platform.Demo;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Events;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Jobs;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Messaging;
using Sigap.Web.Platform.Notifications;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;
using Sigap.Web.Platform.Public;
using Sigap.Web.Platform.Reports;
using Sigap.Web.Platform.Security;

namespace Sigap.Web.Platform;

/// <summary>The platform every module stands on: composition of its services, middleware and endpoints.</summary>
public static class PlatformModule
{
    public const string AuthRateLimit = "auth";

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        // Package assets (Radzen) are served from the build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        var config = builder.Configuration;

        builder.Logging.ClearProviders();
        if (PlainConsole(config))
        {
            // A person at a terminal (./sigap.sh run): one short line per event, no line per request or SQL command.
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("Quartz", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error); // "no XML encryptor": expected on one machine
            builder.Logging.AddFilter("Sigap.Web.Platform.Files", LogLevel.Warning); // one line per stored file (the demo seed stores 500)
        }
        else
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true; // carries RequestId and TraceId of each request
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ModuleCatalog>();
        services.AddHttpContextAccessor();
        services.AddSigapDatabase(config);
        services.AddSigapErrors();
        services.AddSigapSecurity();
        services.AddSigapAuth(config);
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DatabaseSetup.DataFolder(config), "dataprotection")))
            .SetApplicationName("Sigap");
        services.AddSingleton<AuditLog>();
        services.AddSingleton<Outbox>();
        services.AddOrg();
        services.AddAuthApi();
        services.AddFiles(config);
        services.AddMessaging(config);
        services.AddNotifications();
        services.AddReports();
        services.AddJobs(config);
        services.AddModuleEvents();
        services.AddPublicEndpoints(config);
        services.AddScoped<DemoSeeder>();

        services.AddRateLimiter(o =>
        {
            var perMinute = config.GetValue("RateLimits:AuthPerMinute", 20);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every way of signing in or checking a code (/api/auth/*, the login, forgot, reset, password and profile forms)
            // shares one limiter per client address, so guessing a password or a 6-digit code stays slow. Showing a form
            // (GET) costs nothing; posting it counts.
            o.AddPolicy(AuthRateLimit, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                http.Response.Headers.RetryAfter = "60";
                if (!http.Request.Path.StartsWithSegments("/api"))
                {
                    // A form post from a page: a page a person can read, not JSON.
                    http.Response.ContentType = "text/html; charset=utf-8";
                    var text = System.Net.WebUtility.HtmlEncode(Texts.Get("error.tooMany"));
                    await http.Response.WriteAsync($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sigap</title></head><body><p role=\"alert\" data-testid=\"too-many\">{text}</p><p><a href=\"/account/login\">Sigap</a></p></body></html>", ct);
                    return;
                }
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = 429, Title = Texts.Get("error.tooMany") },
                });
            };
        });

        services.AddHealthChecks().AddDbContextCheck<SigapDb>("database", tags: ["ready"]);
        services.AddOpenApi(o => o.AddSigapDescriptions());
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddRadzenComponents();
        return builder;
    }

    /// <summary>Sigap:ConsoleLog "plain" (the run command) or "json" (default: for production log collectors).</summary>
    private static bool PlainConsole(IConfiguration config) =>
        string.Equals(config["Sigap:ConsoleLog"], "plain", StringComparison.OrdinalIgnoreCase);

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseSigapSecurityHeaders();
        app.UseStatusCodePages(async ctx =>
        {
            // Bare status codes (404 from routing, 401 from auth) become ProblemDetails on the API.
            var http = ctx.HttpContext;
            if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/files"))
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = http.Response.StatusCode },
                });
        });
        app.Use((http, next) =>
        {
            http.Response.Headers["X-Request-Id"] = http.TraceIdentifier;
            return next(http);
        });
        // The API docs page is public, like the OpenAPI document it shows; it sits before routing and authorization.
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Sigap API v1");
            o.DocumentTitle = "Sigap API";
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseRequestLocalization(LocalizationSetup.Options());
        app.UseRateLimiter();
        app.UsePublicBodyLimit();
        app.UseAuthorization();
        app.UseSigapTextCheck();
        app.UseAntiforgery();
        app.UseApiAntiforgery();
        return app;
    }

    public static WebApplication MapPlatform(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/health", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapCulture();
        app.MapAuthApi();
        app.MapOrgApi();
        app.MapFilesApi();
        app.MapNotificationsApi();
        app.MapAuditApi();
        app.MapPublicApi();
        app.MapShell();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
        return app;
    }

    /// <summary>Commands instead of serving: <c>migrate</c> applies migrations; <c>schema-script sqlite|postgres</c> prints the SQL EF derives from the model (to write the next migration from).</summary>
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        var command = args.FirstOrDefault(a => !a.StartsWith('-'));
        switch (command)
        {
            case "migrate":
            {
                await using var scope = app.Services.CreateAsyncScope();
                var applied = await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync();
                Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied: {string.Join(", ", applied)}");
                return true;
            }
            case "schema-script":
            {
                var provider = args.SkipWhile(a => a != "schema-script").Skip(1).FirstOrDefault() ?? "sqlite";
                var options = new DbContextOptionsBuilder<SigapDb>();
                if (provider.Equals("postgres", StringComparison.OrdinalIgnoreCase)) options.UseNpgsql("Host=localhost");
                else options.UseSqlite("Data Source=:memory:");
                await using var db = new SigapDb(options.Options);
                Console.WriteLine(db.Database.GenerateCreateScript());
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>Before serving: migrate (unless Database:MigrateOnStart is false) and, in demo mode only, seed the demo data.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var config = app.Configuration;
        Texts.Freeze(); // every module has registered its texts in AddX()/MapX() by now
        await using var scope = app.Services.CreateAsyncScope();
        if (config.GetValue("Database:MigrateOnStart", true))
            await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync();
        if (config.GetValue("Sigap:Demo", false) || Environment.GetCommandLineArgs().Contains("--demo"))
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        if (PlainConsole(config))
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var urls = string.Join(", ", app.Urls);
                Console.WriteLine($"Sigap is running at {urls} (data folder: {DatabaseSetup.DataFolder(config)}). Stop it with Ctrl+C.");
            });
    }
}
