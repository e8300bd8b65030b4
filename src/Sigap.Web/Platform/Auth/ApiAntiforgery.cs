using Microsoft.AspNetCore.Antiforgery;
using Sigap.Web.Platform.Errors;

namespace Sigap.Web.Platform.Auth;

/// <summary>
/// A browser sends the auth cookie with any request, also one a foreign page makes it send. So an API call that
/// changes something (POST, PUT, PATCH, DELETE) and is signed in by the cookie must carry the anti-forgery token
/// (header <see cref="HeaderName"/>, from <see cref="IAntiforgery.GetAndStoreTokens"/>). A bearer token is never sent by the
/// browser on its own, so bearer calls need none.
/// </summary>
internal static class ApiAntiforgery
{
    public const string HeaderName = "RequestVerificationToken";

    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (NeedsToken(http))
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                await Problems.Status(StatusCodes.Status400BadRequest, "auth.antiforgery").ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });

    private static bool NeedsToken(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api")
        && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method) || HttpMethods.IsTrace(http.Request.Method))
        && http.User.Identity?.IsAuthenticated == true
        && !AuthSetup.IsBearer(http.Request);
}
