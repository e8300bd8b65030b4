using System.Net;
using FluentAssertions;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Platform;

public sealed class HealthTests(DemoApp app)
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_sign_in(string path)
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Be("Healthy");
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        using var client = app.CreateClient();
        var json = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        json.Should().Contain("\"openapi\"");
    }
}

public sealed class DocsTests(DemoApp app)
{
    [Fact]
    public async Task Api_docs_page_is_served_and_points_at_the_OpenAPI_document()
    {
        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/docs/index.html", TestContext.Current.CancellationToken);
        html.Should().Contain("swagger-ui");
        var init = await client.GetStringAsync("/docs/index.js", TestContext.Current.CancellationToken);
        init.Should().Contain("/openapi/v1.json");
    }
}
