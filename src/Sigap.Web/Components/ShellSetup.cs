using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Components;

/// <summary>The app shell's texts and the one account action that cannot be a page: signing out.</summary>
internal static class ShellSetup
{
    public static void RegisterTexts() => Texts.Add(ShellTexts.All);

    public static IEndpointRouteBuilder MapShell(this IEndpointRouteBuilder app)
    {
        RegisterTexts();

        // A POST with a form field, so minimal APIs check the antiforgery token: a link on another site cannot sign the user out.
        // It ends the cookie's session too, so a copy of the cookie stops working with it.
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, ClaimsPrincipal user, CookieSessions sessions, CancellationToken ct) =>
            {
                await sessions.SignOutAsync(user, ct);
                return TypedResults.LocalRedirect("/account/login?loggedOut=1");
            })
            .AllowAnonymous()
            .DisableRateLimiting()
            .ExcludeFromDescription();
        return app;
    }
}
