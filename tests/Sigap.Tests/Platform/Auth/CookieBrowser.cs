using System.Net;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Sigap.Tests.Infrastructure;
using static Sigap.Tests.Platform.Auth.AuthTestKit;

namespace Sigap.Tests.Platform.Auth;

/// <summary>
/// A browser without JavaScript: keeps its cookies in a jar of its own (so a test can copy them to another browser),
/// follows no redirects, and posts the login form as a person does (with the form's anti-forgery token).
/// </summary>
internal sealed partial class CookieBrowser(SigapFactory app, Dictionary<string, string>? cookies = null) : IDisposable
{
    private readonly HttpClient _client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public Dictionary<string, string> Cookies { get; } = cookies is null ? [] : new(cookies);

    /// <summary>Another browser holding a copy of this one's cookies, as a thief who copied them would.</summary>
    public CookieBrowser Copy() => new(app, Cookies);

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await _client.SendAsync(request, Ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var header in setCookies)
            {
                var pair = header.Split(';', 2)[0];
                var name = pair[..pair.IndexOf('=')];
                var value = pair[(pair.IndexOf('=') + 1)..];
                var deleted = value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                if (deleted) Cookies.Remove(name);
                else Cookies[name] = value;
            }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostFormAsync(string url, IDictionary<string, string> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });

    /// <summary>The anti-forgery token of the form on <paramref name="page"/>, issued for whoever this browser is signed in as.</summary>
    public async Task<string> FormTokenAsync(string page)
    {
        var response = await GetAsync(page);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, html.Length > 300 ? html[..300] : html);
        var match = TokenInput().Match(html);
        match.Success.Should().BeTrue($"{page} has an anti-forgery field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts the login page's form; a sign-in answers with a redirect, a refusal with the page again.</summary>
    public async Task<HttpResponseMessage> PostLoginFormAsync(string login, string password = Password)
    {
        var token = await FormTokenAsync("/account/login");
        return await PostFormAsync("/account/login", new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Login"] = login,
            ["Input.Password"] = password,
        });
    }

    public async Task SignInAsync(string login, string password = Password)
    {
        var response = await PostLoginFormAsync(login, password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        Cookies.Should().ContainKey("sigap.auth");
    }

    /// <summary>The sign-out button of the shell: a form post with the token of a page the user sees.</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var token = await FormTokenAsync("/account/password");
        return await PostFormAsync("/account/logout", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"[^>]*>""")]
    private static partial Regex TokenInput();
}
