using System.Net;
using System.Text.Json;
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
    public async Task OpenApi_document_is_version_3_and_describes_the_platform_and_budget_operations()
    {
        using var client = app.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        root.GetProperty("openapi").GetString().Should().StartWith("3.");
        root.GetProperty("info").GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        // A role is sent as its name, and the document says so.
        root.GetProperty("components").GetProperty("schemas").GetProperty("Role").GetProperty("type").GetString().Should().Be("string");

        var paths = root.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        string[] methods = ["get", "put", "post", "delete", "patch"];
        foreach (var (path, method) in new[]
                 {
                     ("/api/auth/login", "post"), ("/api/me", "get"), ("/api/org/units", "get"), ("/api/notifications", "get"),
                     ("/api/budget/dashboard", "get"), ("/api/budget/reports", "post"), ("/api/budget/categories", "post"),
                 })
        {
            paths.Keys.Should().Contain(path);
            paths[path].TryGetProperty(method, out var operation).Should().BeTrue($"{method} {path}");
            operation.GetProperty("responses").EnumerateObject().Should().NotBeEmpty(path);
            if (path.StartsWith("/api/budget/", StringComparison.Ordinal))
                operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Contain("Budget", path);
        }
        // Every path has an operation, and every operation says what it answers.
        foreach (var (path, item) in paths)
        {
            var operations = item.EnumerateObject().Where(p => methods.Contains(p.Name)).ToList();
            operations.Should().NotBeEmpty(path);
            foreach (var operation in operations)
                operation.Value.GetProperty("responses").EnumerateObject().Should().NotBeEmpty($"{operation.Name} {path}");
        }
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
