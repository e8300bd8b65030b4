using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Sigap.Web.Platform.Auth;

namespace Sigap.Web.Platform.Localization;

internal static class LocalizationSetup
{
    public const string LanguageClaim = "lang";

    /// <summary>Language order: the switch in the UI (cookie), then the user's saved preference, then Accept-Language, then Indonesian.</summary>
    public static RequestLocalizationOptions Options()
    {
        // The neutral cultures too: a bare "Accept-Language: en" does not fall back to en-US (fallback goes to parents only).
        var cultures = new[] { new CultureInfo("id-ID"), new CultureInfo("en-US"), new CultureInfo("id"), new CultureInfo("en") };
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("id-ID"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new CustomRequestCultureProvider(http =>
            {
                var lang = http.User.FindFirst(LanguageClaim)?.Value;
                return Task.FromResult(lang is null ? null : new ProviderCultureResult(CultureFor(lang)));
            }),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }

    /// <summary>
    /// Middleware outside the localization middleware (exception handler, status-code pages) runs after the request's
    /// culture has flowed back out of scope: put the culture the request was served in back before writing text.
    /// </summary>
    public static void ApplyRequestCulture(HttpContext http)
    {
        if (http.Features.Get<IRequestCultureFeature>()?.RequestCulture is { } culture)
        {
            CultureInfo.CurrentCulture = culture.Culture;
            CultureInfo.CurrentUICulture = culture.UICulture;
        }
    }

    public static string CultureFor(string lang) => Texts.NormaliseLanguage(lang) == "en" ? "en-US" : "id-ID";

    /// <summary>The language switch: a cookie for a year (read by the culture provider before the user's preference).</summary>
    public static void SetLanguageCookie(HttpContext http, string lang) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureFor(lang))),
            new CookieOptions
            {
                Expires = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1),
                IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false,
            });

    /// <summary>GET /culture/{lang}?returnUrl=/ sets the language cookie and, when signed in, the user's preference.</summary>
    public static void MapCulture(this IEndpointRouteBuilder app) =>
        app.MapGet("/culture/{lang}", async (string lang, string? returnUrl, HttpContext http, UserManager<SigapUser> users) =>
        {
            lang = Texts.NormaliseLanguage(lang);
            SetLanguageCookie(http, lang);
            if (http.User.Identity?.IsAuthenticated == true && await users.FindByIdAsync(http.User.UserId().ToString()) is { } user)
            {
                user.PreferredLanguage = lang;
                await users.UpdateAsync(user);
            }
            // Only local return addresses: never an open redirect.
            return Results.LocalRedirect(Security.LocalUrls.OrHome(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
}
