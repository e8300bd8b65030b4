using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Reports;

namespace Sigap.Tests.Platform.Reports;

/// <summary>The platform's HTML → PDF renderer on the real Debian Chromium.</summary>
public sealed class PdfRendererTests(DemoApp app)
{
    [Fact]
    public async Task Pages_are_numbered_in_the_footer()
    {
        var renderer = app.Services.GetRequiredService<PdfRenderer>();
        var html = "<html><body>" + string.Join("", Enumerable.Range(1, 3).Select(i => $"<div style=\"break-after:page\">Bagian {i}</div>")) + "</body></html>";

        var pdf = await renderer.RenderAsync(html, new PdfOptions("Uji halaman"), TestContext.Current.CancellationToken);

        var text = await Poppler.TextAsync(pdf);
        text.Should().Contain("Bagian 3").And.Contain("Halaman 1 dari 3").And.Contain("Halaman 3 dari 3").And.Contain("Uji halaman");
    }

    [Fact]
    public async Task The_page_reaches_no_network_but_shows_data_uri_images()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connections = 0;
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var socket = await listener.AcceptSocketAsync(stop.Token);
                    Interlocked.Increment(ref connections);
                }
            }
            catch (OperationCanceledException) { }
        }, TestContext.Current.CancellationToken);
        var png = Convert.ToBase64String(TestImages.Png(40, 30, 200, 10, 10));
        var html = $"""
            <html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/style.css"></head><body>
            <img src="http://127.0.0.1:{port}/tracker.png"><img src="data:image/png;base64,{png}">
            <iframe src="http://127.0.0.1:{port}/frame"></iframe>Isi</body></html>
            """;

        var pdf = await app.Services.GetRequiredService<PdfRenderer>().RenderAsync(html, null, TestContext.Current.CancellationToken);

        await stop.CancelAsync();
        await accepting;
        connections.Should().Be(0);
        (await Poppler.TextAsync(pdf)).Should().Contain("Isi");
        // The blocked <img> may show Chromium's small broken-image icon; the data: image is there at its own size.
        (await Poppler.ImagesAsync(pdf)).Should().ContainSingle(i => i.Width == 40 && i.Height == 30);
    }

    [Fact]
    public async Task Renders_in_parallel_on_the_one_browser()
    {
        var renderer = app.Services.GetRequiredService<PdfRenderer>();
        var pdfs = await Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
            renderer.RenderAsync($"<p>Dokumen nomor {i}</p>", null, TestContext.Current.CancellationToken)));
        for (var i = 0; i < pdfs.Length; i++)
            (await Poppler.TextAsync(pdfs[i])).Should().Contain($"Dokumen nomor {i + 1}");
    }
}

/// <summary>The app as deployed on a machine without Chromium.</summary>
public sealed class MissingChromiumApp : SigapFactory
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["Reports:ChromiumPath"] = "/nonexistent/chromium";
}

public sealed class MissingChromiumTests(MissingChromiumApp app) : IClassFixture<MissingChromiumApp>
{
    [Fact]
    public async Task The_pdf_endpoint_answers_503_with_the_install_hint()
    {
        var cluster = await Sigap.Tests.Modules.Budget.Outputs.OutputsData.UnitIdAsync(app, "C-SBY-TIM");
        using var client = await app.ClientForAsync(Demo.McotJatim);

        var response = await client.GetAsync($"/api/budget/accountability/{cluster}/2035/3.pdf", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(503);
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("/nonexistent/chromium").And.Contain("apt-get install chromium").And.Contain("./sigap.sh run");
        problem.RootElement.GetProperty("hint").GetString().Should().Contain("apt-get install chromium");
    }

    [Fact]
    public async Task The_renderer_throws_its_own_exception()
    {
        var renderer = app.Services.GetRequiredService<PdfRenderer>();
        var act = () => renderer.RenderAsync("<p>x</p>", null, TestContext.Current.CancellationToken);
        (await act.Should().ThrowAsync<ChromiumUnavailableException>()).Which.Detail.Should().Contain("apt-get install chromium");
    }
}
