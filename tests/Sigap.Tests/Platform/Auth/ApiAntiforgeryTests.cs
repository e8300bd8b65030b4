using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Sigap.Tests.Infrastructure;
using static Sigap.Tests.Platform.Auth.AuthTestKit;

namespace Sigap.Tests.Platform.Auth;

/// <summary>
/// An API write signed in by the cookie needs the anti-forgery token, which a foreign page cannot read; one signed in by
/// a bearer token needs none (a browser never adds a bearer token by itself).
/// </summary>
public sealed class ApiAntiforgeryTests(DemoApp app)
{
    private static HttpRequestMessage ReadAll(string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/read-all");
        if (token is not null) request.Headers.Add("RequestVerificationToken", token);
        return request;
    }

    [Fact]
    public async Task A_cookie_write_without_the_token_is_400_ProblemDetails_and_with_it_works()
    {
        var email = NewEmail("csrf");
        await CreateUserAsync(app, email);
        using var browser = new CookieBrowser(app);
        await browser.SignInAsync(email);

        var forged = await browser.SendAsync(ReadAll());
        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        forged.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await forged.ProblemAsync()).GetProperty("detail").GetString().Should().Contain("RequestVerificationToken");
        (await browser.SendAsync(ReadAll("not-a-token"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var token = await browser.FormTokenAsync("/account/password");
        (await browser.SendAsync(ReadAll(token))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        // Reading needs no token.
        (await browser.GetAsync("/api/notifications")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_bearer_write_needs_no_token()
    {
        var email = NewEmail("csrf");
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        using var request = ReadAll();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        (await client.SendAsync(request, Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_budget_import_by_cookie_without_the_token_is_refused()
    {
        using var browser = new CookieBrowser(app);
        await browser.SignInAsync(Demo.Admin, Sigap.Web.Platform.Demo.DemoSeeder.Password);
        var form = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "budget.xlsx" } };
        var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/budget/budgets/import") { Content = form });
        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await forged.ProblemAsync()).GetProperty("detail").GetString().Should().Contain("RequestVerificationToken");
    }
}
