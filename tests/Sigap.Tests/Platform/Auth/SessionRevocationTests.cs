using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FluentAssertions;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Org;
using Sigap.Web.Platform.Auth;
using static Sigap.Tests.Platform.Auth.AuthTestKit;

namespace Sigap.Tests.Platform.Auth;

/// <summary>
/// Ending a sign-in ends it at once: the same access token or cookie that worked a moment before is refused (401),
/// without waiting for it to expire. No clock is waited on: the revoking node forgets what it had cached.
/// </summary>
public sealed class SessionRevocationTests(DemoApp app)
{
    private async Task<HttpStatusCode> MeAsync(string accessToken)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await client.GetAsync("/api/me", Ct)).StatusCode;
    }

    private static async Task<HttpStatusCode> MeAsync(CookieBrowser browser) => (await browser.GetAsync("/api/me")).StatusCode;

    [Fact]
    public async Task Logout_ends_the_access_token_at_once()
    {
        var (email, _) = await NewUserAsync(app, "session");
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        (await MeAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.OK);

        (await client.PostAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await MeAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_ends_the_access_tokens_of_that_sign_in()
    {
        var (email, _) = await NewUserAsync(app, "session");
        using var client = app.CreateClient();
        var first = await TokensAsync(client, email);
        var other = await TokensAsync(client, email);
        var rotated = await client.PostAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        var second = (await rotated.Content.ReadFromJsonAsync<TokenResponse>(Json, Ct))!;
        (await MeAsync(second.AccessToken)).Should().Be(HttpStatusCode.OK);

        (await client.PostAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(second.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(first.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(other.AccessToken)).Should().Be(HttpStatusCode.OK, "another sign-in is another session");
    }

    [Fact]
    public async Task An_administrator_locking_the_user_ends_their_tokens_and_cookies_at_once()
    {
        var (email, id) = await NewUserAsync(app, "session");
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        using var browser = new CookieBrowser(app);
        await browser.SignInAsync(email);
        (await MeAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(browser)).Should().Be(HttpStatusCode.OK);

        using var admin = await app.SignInAsync(Demo.Admin);
        (await admin.PostAsync($"/api/admin/users/{id}/lock", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await MeAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(browser)).Should().Be(HttpStatusCode.Unauthorized);
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deactivating_the_user_ends_their_tokens_at_once()
    {
        var (email, id) = await NewUserAsync(app, "session");
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        (await MeAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.OK);

        using var admin = await app.SignInAsync(Demo.Admin);
        (await admin.PutAsJsonAsync($"/api/admin/users/{id}", new { firstName = "Budi", isActive = false }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await MeAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_access_tokens_and_keeps_this_one()
    {
        var (email, _) = await NewUserAsync(app, "session");
        using var client = app.CreateClient();
        var elsewhere = await TokensAsync(client, email);
        var here = await TokensAsync(client, email);
        using var browser = new CookieBrowser(app);
        await browser.SignInAsync(email);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", here.AccessToken);
        (await client.PutAsJsonAsync("/api/me/password", new { currentPassword = Password, newPassword = "Baru-Sandi-2027" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await MeAsync(elsewhere.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(browser)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(here.AccessToken)).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_reset_ends_every_session()
    {
        var (email, _) = await NewUserAsync(app, "session");
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        (await client.PostAsync("/api/auth/password/forgot", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var code = await app.Mail.WaitForCodeAsync(email, skip: 1);
        (await client.PostAsync("/api/auth/password/reset", new { email, code, newPassword = "Baru-Sandi-2027" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await MeAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_ends_the_cookie_and_every_copy_of_it()
    {
        var (email, _) = await NewUserAsync(app, "session");
        using var browser = new CookieBrowser(app);
        await browser.SignInAsync(email);
        using var thief = browser.Copy();
        (await MeAsync(browser)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(thief)).Should().Be(HttpStatusCode.OK);

        var signedOut = await browser.SignOutAsync();
        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect, await signedOut.Content.ReadAsStringAsync(Ct));
        (await MeAsync(thief)).Should().Be(HttpStatusCode.Unauthorized);
        (await thief.GetAsync("/account/profile")).StatusCode.Should().Be(HttpStatusCode.Redirect, "a page sends the ended cookie to the login form");
    }

    [Fact]
    public async Task A_token_signed_with_the_key_but_naming_no_live_session_is_refused()
    {
        var (email, _) = await NewUserAsync(app, "session");
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        (await client.PostAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        // A fresh refresh of the ended family is refused too: nothing brings the session back.
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_cookie_principal_rebuilt_by_the_security_stamp_check_keeps_its_session()
    {
        // Identity rebuilds the cookie's principal every minute; without the session claim the cookie would be refused.
        var sid = Guid.NewGuid().ToString();
        var context = new Microsoft.AspNetCore.Identity.SecurityStampRefreshingPrincipalContext
        {
            CurrentPrincipal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(Sessions.Claim, sid)], "cookie")),
            NewPrincipal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity("cookie")),
        };
        await Sessions.KeepSessionClaim(context);
        Sessions.SessionOf(context.NewPrincipal).Should().Be(Guid.Parse(sid));
    }
}
