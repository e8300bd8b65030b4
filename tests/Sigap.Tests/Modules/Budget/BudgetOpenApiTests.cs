using System.Text.Json;
using FluentAssertions;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Modules.Budget;

/// <summary>The endpoints' typed results describe their answers to OpenAPI; nothing lists them by hand.</summary>
public sealed class BudgetOpenApiTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/budget/reports", "post", "201", "ReportItem")]
    [InlineData("/api/budget/reports/{id}", "get", "200", "ReportItem")]
    [InlineData("/api/budget/reports/{id}", "delete", "204", null)]
    [InlineData("/api/budget/reports/approve-batch", "post", "200", "BatchApproveResult")]
    [InlineData("/api/budget/budgets/import", "post", "200", "ImportResult")]
    [InlineData("/api/budget/categories", "post", "201", "CategoryItem")]
    [InlineData("/api/budget/months/{areaId}/{year}/{month}/close", "post", "200", "MonthStatus")]
    public async Task Each_endpoint_documents_its_success_and_its_problem_answers(string path, string method, string success, string? schema)
    {
        using var client = app.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct));
        var responses = doc.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        responses.EnumerateObject().Select(r => r.Name).Should().Contain([success, "400", "403", "404", "409", "422"]);
        if (schema is not null)
            responses.GetProperty(success).GetRawText().Should().Contain($"#/components/schemas/{schema}");
        responses.GetProperty("404").GetProperty("content").EnumerateObject().Select(c => c.Name).Should().Contain("application/problem+json");
        responses.GetProperty("400").GetRawText().Should().Contain("HttpValidationProblemDetails");
    }
}
