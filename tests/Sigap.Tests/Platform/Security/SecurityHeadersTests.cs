using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Platform.Security;

/// <summary>The app with its public origin configured.</summary>
public sealed class PublicOriginApp : SigapFactory
{
    public const string Origin = "https://sigap.example.id";
    protected override void Configure(IDictionary<string, string?> settings) => settings["Sigap:PublicBaseUrl"] = Origin;
}

/// <summary>Every response carries the security headers; redirects never carry the Host header as sent.</summary>
public sealed class SecurityHeadersTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static HttpClient NoRedirects(SigapFactory factory) => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/api/org/units")]
    [InlineData("/health")]
    public async Task Html_and_api_answers_carry_csp_referrer_policy_nosniff_and_no_framing(string url)
    {
        using var client = NoRedirects(app);
        var response = await client.GetAsync(url, Ct);
        string Header(string name) => string.Join(",", response.Headers.TryGetValues(name, out var v) ? v : []);
        var csp = Header("Content-Security-Policy");
        csp.Should().Contain("script-src 'self';").And.Contain("frame-ancestors 'none'").And.Contain("object-src 'none'");
        csp.Should().NotContain("unsafe-eval");
        csp.Split(';').Single(d => d.Trim().StartsWith("script-src")).Should().NotContain("unsafe-inline");
        Header("X-Content-Type-Options").Should().Be("nosniff");
        Header("Referrer-Policy").Should().Be("strict-origin-when-cross-origin");
        Header("X-Frame-Options").Should().Be("DENY");
    }

    [Fact]
    public async Task The_login_page_is_html_with_those_headers()
    {
        using var client = NoRedirects(app);
        var response = await client.GetAsync("/account/login", Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        response.Headers.Contains("Content-Security-Policy").Should().BeTrue();
    }

    [Theory]
    [InlineData("/budget")]
    [InlineData("/culture/en?returnUrl=/budget")]
    public async Task A_forged_host_header_never_comes_back_in_a_redirect(string url)
    {
        using var client = NoRedirects(app);
        var response = await client.GetAsync("http://evil.example" + url, Ct);
        ((int)response.StatusCode).Should().BeInRange(300, 399);
        var location = response.Headers.Location!.OriginalString;
        location.Should().NotContain("evil.example").And.StartWith("/");
    }
}

/// <summary>With Sigap:PublicBaseUrl set, absolute redirects use it, whatever Host the request names.</summary>
public sealed class PublicOriginTests(PublicOriginApp app) : IClassFixture<PublicOriginApp>
{
    [Fact]
    public async Task The_sign_in_redirect_goes_to_the_configured_origin_not_the_forged_host()
    {
        using var client = SecurityHeadersTests.NoRedirects(app);
        var response = await client.GetAsync("http://evil.example/budget", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.OriginalString;
        location.Should().StartWith(PublicOriginApp.Origin + "/account/login").And.NotContain("evil.example");
    }
}
