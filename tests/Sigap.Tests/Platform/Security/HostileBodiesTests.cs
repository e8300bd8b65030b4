using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Platform.Security;

/// <summary>An app of its own: the walk below calls every write endpoint, so nothing it might change is shared.</summary>
public sealed class HostileApp : SigapFactory;

/// <summary>
/// Bodies the server cannot parse (an unknown charset, broken or truncated multipart) answer 400 or 415 on every
/// write endpoint, never a 500.
/// </summary>
public sealed class HostileBodiesTests(HostileApp app) : IClassFixture<HostileApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The unparseable bodies, by name. Each call gets a fresh content (contents are consumed once).</summary>
    internal static readonly (string Name, Func<HttpContent> Body)[] Bodies =
    [
        ("json with charset foo-bar", () => Raw("{\"name\":\"x\",\"login\":\"x\"}", "application/json; charset=foo-bar")),
        ("multipart without boundary", () => Raw("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n", "multipart/form-data")),
        ("multipart that never closes", () => Raw("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG\r\n\u001a\n",
            "multipart/form-data; boundary=b")),
        ("multipart with truncated part headers", () => Raw("--b\r\nContent-Disposition: form-da", "multipart/form-data; boundary=b")),
        ("multipart with unknown charset", () => Raw("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n", "multipart/form-data; boundary=b; charset=foo-bar")),
    ];

    internal static HttpContent Raw(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>A URL for the route with values that match its constraints but no record (so no call can change data).</summary>
    private static string UrlOf(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "guid") ? Guid.NewGuid().ToString()
                : parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? int.MaxValue.ToString() : "x",
            _ => "",
        })));
        return "/" + string.Join("/", segments);
    }

    [Fact]
    public async Task Every_write_endpoint_answers_unparseable_bodies_with_4xx_never_5xx()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH")
                .Select(m => (Method: m, Url: UrlOf(e.RoutePattern))))
            .Distinct().ToList();
        routes.Should().Contain(r => r.Url == "/api/files").And.Contain(r => r.Url == "/api/budget/reports").And.Contain(r => r.Url == "/api/auth/login");

        using var admin = await app.ClientForAsync(Demo.Admin);
        var failures = new List<string>();
        foreach (var (method, url) in routes)
            foreach (var (name, body) in Bodies)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = body() };
                using var response = await admin.SendAsync(request, Ct);
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{method} {url} with {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            }
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    [Fact]
    public async Task An_unknown_charset_is_a_415_that_names_it_also_for_anonymous_callers()
    {
        using var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var response = await anonymous.PostAsync("/api/auth/login", Raw("{\"login\":\"a\",\"password\":\"b\"}", "application/json; charset=foo-bar"), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        problem.GetProperty("detail").GetString().Should().Contain("foo-bar");
    }

    [Theory]
    [InlineData("/api/files")]
    [InlineData("/api/budget/reports")]
    [InlineData("/api/budget/budgets/import")]
    public async Task Broken_multipart_on_the_upload_endpoints_is_a_400_problem(string url)
    {
        using var client = await app.ClientForAsync(Demo.Admin);
        foreach (var (name, body) in Bodies.Where(b => b.Name.StartsWith("multipart", StringComparison.Ordinal)))
        {
            var response = await client.PostAsync(url, body(), Ct);
            ((int)response.StatusCode).Should().BeOneOf([400, 415], $"{name}: {await response.Content.ReadAsStringAsync(Ct)}");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", name);
        }
    }

    [Theory]
    [InlineData("/%0d%0aSet-Cookie:%20a=b")]
    [InlineData("/x%00y")]
    [InlineData("/%1b[31m")]
    public async Task Control_characters_in_the_culture_return_address_redirect_home(string returnUrl)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync($"/culture/en?returnUrl={returnUrl}", Ct);
        ((int)response.StatusCode).Should().BeOneOf([302, 400], await response.Content.ReadAsStringAsync(Ct));
        if (response.StatusCode == HttpStatusCode.Redirect) response.Headers.Location!.OriginalString.Should().Be("/");
    }
}
