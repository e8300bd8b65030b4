using Microsoft.AspNetCore.Http.HttpResults;
using System.Net;
using Microsoft.Playwright;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Reports;

/// <summary>Chromium is not installed where <c>Reports:ChromiumPath</c> points, or it would not start: endpoints answer 503 with the install hint.</summary>
public sealed class ChromiumUnavailableException(string detail, Exception? inner = null) : Exception(detail, inner)
{
    public string Detail { get; } = detail;
}

/// <summary>Page furniture of one document.</summary>
public sealed record PdfOptions(string? FooterLeft = null, bool Landscape = false);

/// <summary>
/// HTML → PDF with Debian's Chromium driven by Playwright. One browser for the whole app, started on first use and
/// restarted if it dies; each document gets its own context, so documents never share state. The page cannot reach
/// the network: everything it shows (images, fonts) must be inline or data: URIs, so a report can never be made to
/// fetch an internal URL.
/// </summary>
public sealed class PdfRenderer(IConfiguration config, ILogger<PdfRenderer> log) : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         // Belt and braces for the route handler below: Chromium opens some connections (iframe navigations, preconnects)
         // before interception sees them; a proxy that refuses everything stops those too, loopback included.
         "--proxy-server=http://127.0.0.1:1", "--proxy-bypass-list=<-loopback>"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string ChromiumPath => config["Reports:ChromiumPath"] is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private TimeSpan Timeout => TimeSpan.FromSeconds(config.GetValue("Reports:TimeoutSeconds", 120));

    public async Task<byte[]> RenderAsync(string html, PdfOptions? options, CancellationToken ct)
    {
        options ??= new PdfOptions();
        var browser = await BrowserAsync(ct);
        var timeout = (float)Timeout.TotalMilliseconds;
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            Offline = true,
            Locale = Texts.IsEnglish ? "en-US" : "id-ID",
            TimezoneId = "Asia/Jakarta",
        });
        await context.RouteAsync("**/*", route =>
            route.Request.Url.StartsWith("data:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync("blockedbyclient"));
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(timeout);
        using var registration = ct.Register(() => _ = context.CloseAsync());
        await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load, Timeout = timeout });
        ct.ThrowIfCancellationRequested();
        return await page.PdfAsync(new PagePdfOptions
        {
            Format = "A4",
            Landscape = options.Landscape,
            PrintBackground = true,
            Margin = new Margin { Top = "16mm", Bottom = "18mm", Left = "14mm", Right = "14mm" },
            DisplayHeaderFooter = true,
            HeaderTemplate = "<span></span>",
            FooterTemplate = Footer(options.FooterLeft),
        });
    }

    /// <summary>Chromium fills <c>pageNumber</c> and <c>totalPages</c>; the footer has no CSS of the page, so it is styled inline.</summary>
    private static string Footer(string? left) =>
        "<div style=\"font-family:'DejaVu Sans',sans-serif;font-size:8px;color:#555;width:100%;margin:0 14mm;display:flex;justify-content:space-between;\">" +
        $"<span>{WebUtility.HtmlEncode(left ?? "")}</span>" +
        "<span>" + WebUtility.HtmlEncode(Texts.Get("reports.page")) + " <span class=\"pageNumber\"></span> " +
        WebUtility.HtmlEncode(Texts.Get("reports.of")) + " <span class=\"totalPages\"></span></span></div>";

    private async Task<IBrowser> BrowserAsync(CancellationToken ct)
    {
        if (_browser is { IsConnected: true } ready) return ready;
        await _gate.WaitAsync(ct);
        try
        {
            if (_browser is { IsConnected: true } started) return started;
            if (_browser is not null)
            {
                log.LogWarning("Chromium for reports disconnected; starting it again");
                try { await _browser.DisposeAsync(); } catch (PlaywrightException) { }
                _browser = null;
            }
            var path = ChromiumPath;
            if (!File.Exists(path))
                throw new ChromiumUnavailableException(Texts.Get("reports.chromiumMissing", path));
            try
            {
                _playwright ??= await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = path,
                    Headless = true,
                    Args = ChromiumArgs,
                    Timeout = 60_000,
                });
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException or InvalidOperationException or IOException
                                         or System.ComponentModel.Win32Exception)
            {
                log.LogError(e, "Chromium at {Path} did not start", path);
                throw new ChromiumUnavailableException(Texts.Get("reports.chromiumFailed", path), e);
            }
            log.LogInformation("Chromium {Version} started for reports from {Path}", _browser.Version, path);
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The 503 an endpoint answers when <see cref="ChromiumUnavailableException"/> is thrown.</summary>
    public static ProblemHttpResult Unavailable(ChromiumUnavailableException e) =>
        TypedResults.Problem(title: Texts.Get("reports.unavailable"), detail: e.Detail, statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["code"] = "reports.chromiumMissing", ["hint"] = Texts.Get("reports.installHint") });

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            try { await _browser.DisposeAsync(); } catch (PlaywrightException) { }
        }
        _playwright?.Dispose();
        _gate.Dispose();
    }
}
