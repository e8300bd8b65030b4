using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Platform;

/// <summary>Bad input answers 400 with the field named, in the caller's language; failures never leak a stack trace.</summary>
public sealed class ErrorTests(DemoApp app)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync("/api/auth/login", Json("{\"login\": \"a@b.id\", \"password\": "), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("errors").EnumerateObject().Should().NotBeEmpty();
        problem.GetProperty("title").GetString().Should().Be("Data yang dikirim tidak valid.");
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_its_field()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync("/api/auth/login", Json("{\"login\": 5, \"password\": \"x\"}"), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("errors").TryGetProperty("login", out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task An_unknown_enum_value_names_its_field()
    {
        using var client = await app.ClientForAsync(Demo.GmJatim);
        var response = await client.PutAsync("/api/me", Json("{\"firstName\": \"GM\", \"email\": \"gm.jatim@demo.sigap.id\", \"gender\": \"Robot\"}"), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("errors").TryGetProperty("gender", out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task An_empty_body_is_a_400_not_a_500()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync("/api/auth/login", Json(""), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await ProblemAsync(response);
    }

    [Theory]
    [InlineData(null, "Data tidak ditemukan.")]
    [InlineData("en-US,en;q=0.9", "Not found.")]
    public async Task Unknown_api_routes_answer_a_localized_404(string? language, string title)
    {
        using var client = await app.ClientForAsync(Demo.GmJatim);
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await client.GetAsync("/api/does-not-exist", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ProblemAsync(response)).GetProperty("title").GetString().Should().Be(title);
    }

    [Fact]
    public async Task The_api_answers_401_without_a_token()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/api/me", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ProblemAsync(response)).GetProperty("title").GetString().Should().Be("Silakan masuk terlebih dahulu.");
    }

    [Fact]
    public async Task An_invalid_bearer_token_is_401()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        var response = await client.GetAsync("/api/me", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_plain_500_without_stack_trace()
    {
        await using var factory = new ThrowingApp();
        await factory.InitializeAsync();
        using var client = await factory.ClientForAsync(Demo.GmJatim);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var response = await client.GetAsync("/api/boom", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        text.Should().NotContain("InvalidOperationException").And.NotContain("secret detail").And.NotContain(" at ");
        (await ProblemAsync(response)).GetProperty("title").GetString().Should().Be("Something went wrong on the server. Please try again.");
    }

    /// <summary>The app plus one middleware that throws, to see what a client gets from an unexpected failure.</summary>
    private sealed class ThrowingApp : SigapFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new Boom()));
        }

        private sealed class Boom : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Use((HttpContext http, RequestDelegate nextMiddleware) =>
                    http.Request.Path == "/api/boom" ? throw new InvalidOperationException("secret detail") : nextMiddleware(http));
            };
        }
    }
}
