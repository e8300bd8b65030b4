using System.Text.Json;
using FluentAssertions;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Platform.OpenApi;

/// <summary>The document's security follows the endpoints' authorization: bearer where a sign-in is needed, none where not.</summary>
public sealed class ApiSecurityDocumentTests(DemoApp app)
{
    [Theory]
    [InlineData("/api/budget/dashboard", "get", true, false)]
    [InlineData("/api/me", "get", true, false)]
    [InlineData("/api/admin/users", "get", true, false)]
    [InlineData("/api/auth/login", "post", false, true)]
    [InlineData("/api/public/status", "get", false, true)]
    [InlineData("/files/{id}", "get", false, false)]
    public async Task Operations_carry_the_bearer_scheme_exactly_when_they_need_a_sign_in(string path, string method, bool bearer, bool rateLimited)
    {
        using var client = app.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.GetProperty("type").GetString().Should().Be("http");
        scheme.GetProperty("scheme").GetString().Should().Be("bearer");

        var operation = root.GetProperty("paths").GetProperty(path).GetProperty(method);
        var security = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
        var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        if (bearer)
        {
            security.Should().Equal("Bearer");
            responses.Should().Contain("401");
        }
        else security.Should().BeEmpty();
        if (rateLimited) responses.Should().Contain("429");
        operation.GetProperty("operationId").GetString().Should().NotBeNullOrWhiteSpace();
        operation.GetProperty("summary").GetString().Should().NotBeNullOrWhiteSpace();
    }
}
