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
