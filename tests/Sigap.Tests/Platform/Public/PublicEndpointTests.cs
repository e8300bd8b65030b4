using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Public;

namespace Sigap.Tests.Platform.Public;

/// <summary>An app whose public group has a small body cap and a rate limit that the walk does not reach.</summary>
public class PublicApp : SigapFactory
{
    public const int MaxBody = 1024;
    protected override bool Demo => false;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Public:MaxBodyBytes"] = MaxBody.ToString();
        settings["RateLimits:PublicPerMinute"] = "100000";
    }

    /// <summary>Every endpoint of the public group, with a URL to call it by (route values filled in).</summary>
    public List<(string Method, string Url)> PublicEndpoints() => Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<PublicEndpointMetadata>() is not null)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, Url(e.RoutePattern))))
        .ToList();

    private static string Url(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(s =>
        string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter =>
                parameter.ParameterPolicies.Any(x => x.Content == "guid") ? Guid.NewGuid().ToString() : "1",
            _ => "",
        }))));
}

/// <summary>The same app with a public limit of three requests a minute.</summary>
public sealed class LimitedPublicApp : PublicApp
{
    public const int PerMinute = 3;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["RateLimits:PublicPerMinute"] = PerMinute.ToString();
    }
}

/// <summary>Walks every endpoint of the public group: anonymous works, an oversized body is 413, over the limit is 429, never 5xx.</summary>
public sealed class PublicEndpointTests(PublicApp app, LimitedPublicApp limited) : IClassFixture<PublicApp>, IClassFixture<LimitedPublicApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Request(string method, string url, HttpContent? body = null) =>
        new(new HttpMethod(method), url) { Content = body };

    [Fact]
    public void The_group_holds_the_platform_status_endpoint()
    {
        app.PublicEndpoints().Should().Contain(("GET", "/api/public/status"));
    }

    [Fact]
    public async Task Every_public_endpoint_answers_anonymous_callers_without_a_server_error()
    {
        using var client = app.CreateClient();
        foreach (var (method, url) in app.PublicEndpoints())
        {
            var response = await client.SendAsync(Request(method, url, method == "GET" ? null : JsonContent.Create(new { text = "halo" })), Ct);
            ((int)response.StatusCode).Should().BeLessThan(500, $"{method} {url}");
            response.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized, $"{method} {url} is public").And.NotBe(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task The_status_endpoint_names_the_app()
    {
        using var client = app.CreateClient();
        var status = await client.GetFromJsonAsync<PublicStatusResponse>("/api/public/status", SigapFactory.Json, Ct);
        status!.App.Should().Be("Sigap");
        status.Status.Should().Be("ok");
    }

    [Fact]
    public async Task A_body_over_the_cap_is_413_ProblemDetails_on_every_public_endpoint_declared_or_chunked()
    {
        using var client = app.CreateClient();
        foreach (var (method, url) in app.PublicEndpoints())
        {
            var declared = new ByteArrayContent(new byte[PublicApp.MaxBody + 1]);
            declared.Headers.ContentType = new("application/json");
            var response = await client.SendAsync(Request(method, url, declared), Ct);
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, $"{method} {url} with a declared length");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

            var chunked = new StreamContent(new UnseekableStream(new byte[PublicApp.MaxBody * 3]));
            chunked.Headers.ContentType = new("application/json");
            var request = Request(method, url, chunked);
            request.Headers.TransferEncodingChunked = true;
            (await client.SendAsync(request, Ct)).StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, $"{method} {url} chunked");

            var small = new ByteArrayContent(new byte[PublicApp.MaxBody]);
            small.Headers.ContentType = new("application/json");
            var fits = await client.SendAsync(Request(method, url, small), Ct);
            fits.StatusCode.Should().NotBe(HttpStatusCode.RequestEntityTooLarge, $"{method} {url}: a body at the cap is read");
            ((int)fits.StatusCode).Should().BeLessThan(500);
        }
    }

    [Fact]
    public async Task Over_the_per_address_limit_every_public_endpoint_answers_429()
    {
        using var client = limited.CreateClient();
        foreach (var (method, url) in limited.PublicEndpoints())
        {
            // Until the limit is spent nothing is refused; a window that rolls over on the way only gives more permits,
            // so within twice the limit a 429 must come.
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 2 * LimitedPublicApp.PerMinute + 1 && !codes.Contains(HttpStatusCode.TooManyRequests); i++)
                codes.Add((await client.SendAsync(Request(method, url), Ct)).StatusCode);
            codes.Should().Contain(HttpStatusCode.TooManyRequests, $"{method} {url}");
            codes.Where(c => (int)c >= 500).Should().BeEmpty();
            var refused = await client.SendAsync(Request(method, url), Ct);
            if (refused.StatusCode == HttpStatusCode.TooManyRequests)
                refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }
    }

    /// <summary>A body whose length HttpClient cannot know, so it goes chunked.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
