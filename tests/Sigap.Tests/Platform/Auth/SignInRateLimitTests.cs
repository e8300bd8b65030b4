using System.Net;
using FluentAssertions;
using Sigap.Tests.Infrastructure;
using static Sigap.Tests.Platform.Auth.AuthTestKit;

namespace Sigap.Tests.Platform.Auth;

/// <summary>Three sign-in attempts a minute per client address, whichever way they come.</summary>
public sealed class SignInLimitedApp : SigapFactory
{
    protected override bool Demo => false;
    protected override void Configure(IDictionary<string, string?> settings) => settings["RateLimits:AuthPerMinute"] = "3";
}

public sealed class SignInRateLimitTests(SignInLimitedApp app) : IClassFixture<SignInLimitedApp>
{
    [Fact]
    public async Task The_login_form_shares_the_limit_of_the_API_and_answers_429_with_the_message_past_it()
    {
        using var browser = new CookieBrowser(app);
        using var api = app.CreateClient();
        // Showing the form is free; every attempt counts, the API's and the form's together.
        (await LoginAsync(api, NewEmail(), "Salah-Sandi-2026")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        for (var i = 0; i < 2; i++)
        {
            var refused = await browser.PostLoginFormAsync(NewEmail(), "Salah-Sandi-2026");
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
            (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("E-mail/nama pengguna atau kata sandi salah.");
        }

        var limited = await browser.PostLoginFormAsync(NewEmail(), "Salah-Sandi-2026");
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.Should().NotBeNull();
        limited.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await limited.Content.ReadAsStringAsync(Ct)).Should().Contain("Terlalu banyak permintaan. Coba lagi sebentar lagi.");
        (await LoginAsync(api, NewEmail(), "Salah-Sandi-2026")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        // The other forms that check a password or a code are behind the same limiter.
        var token = await browser.FormTokenAsync("/account/forgot");
        (await browser.PostFormAsync("/account/forgot", new Dictionary<string, string>
        {
            ["_handler"] = "forgot", ["__RequestVerificationToken"] = token, ["Input.Email"] = NewEmail(),
        })).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var resetToken = await browser.FormTokenAsync("/account/reset");
        (await browser.PostFormAsync("/account/reset", new Dictionary<string, string>
        {
            ["_handler"] = "reset", ["__RequestVerificationToken"] = resetToken, ["Input.Email"] = NewEmail(), ["Input.Code"] = "123456",
        })).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        // And the API's checks of a code or the current password for a signed-in user (the limiter counts by address,
        // and runs before authorization).
        using var signedIn = app.CreateClient();
        signedIn.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "x");
        (await signedIn.PostAsync("/api/me/email/confirm", new { code = "123456" })).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }
}
