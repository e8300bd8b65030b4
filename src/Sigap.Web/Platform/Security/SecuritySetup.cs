using System.Text;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Net.Http.Headers;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Security;

/// <summary>Marks an endpoint that reads its multipart body as a stream itself: the text check must not buffer that form first.</summary>
public sealed class StreamsRequestBody
{
    public static readonly StreamsRequestBody Instance = new();
}

/// <summary>
/// What every response and every request passes through, whatever endpoint it reaches: security headers, the public
/// origin redirects are built from, the charset a body claims, and text without control characters.
/// </summary>
internal static class SecuritySetup
{
    /// <summary>
    /// Scripts only from this site (blazor.web.js and Radzen's script are files here; nothing inline, no eval). Radzen and
    /// Blazor's reconnect dialog set inline styles, so styles allow 'unsafe-inline'. The live connection is same-origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddSigapSecurity(this IServiceCollection services)
    {
        Texts.Add(SecurityTexts.All);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new CheckedStringConverter()));
        return services;
    }

    /// <summary>Right after the exception handler: nothing before it builds a URL or reads a body.</summary>
    public static WebApplication UseSigapSecurityHeaders(this WebApplication app)
    {
        var publicBase = PublicBaseUrl(app.Configuration);
        app.Use((http, next) =>
        {
            var sentHost = http.Request.Host;
            if (publicBase is not null)
            {
                // Every absolute URL the framework builds (sign-in redirects, page redirects) comes from the request: make that the configured origin.
                http.Request.Scheme = publicBase.Scheme;
                http.Request.Host = new HostString(publicBase.Authority); // without a default port
            }
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                // Without a configured origin, a redirect to this site is made relative, so a forged Host header never travels back.
                if (publicBase is null && Uri.TryCreate(headers.Location.ToString(), UriKind.Absolute, out var location)
                    && location.Scheme is "http" or "https" && string.Equals(location.Authority, sentHost.Value, StringComparison.OrdinalIgnoreCase))
                    headers.Location = location.PathAndQuery + location.Fragment;
                return Task.CompletedTask;
            });
            return next(http);
        });

        // A body in a charset nobody knows cannot be read: 415 before any endpoint tries (and fails with a 500).
        app.Use(async (http, next) =>
        {
            if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.Charset.HasValue
                && HeaderUtilities.RemoveQuotes(type.Charset).Value is { } charset && !IsKnownCharset(charset))
            {
                await ErrorResponses.WriteAsync(http, StatusCodes.Status415UnsupportedMediaType, Texts.Get("error.unsupportedMediaType"),
                    Texts.Get("error.unsupportedCharset", charset));
                return;
            }
            await next(http);
        });
        return app;
    }

    /// <summary>
    /// After authorization (so only a caller who may reach the endpoint has a form read): query strings, route values
    /// and form fields with control characters answer 400 naming the field, before any handler or database sees them.
    /// </summary>
    public static WebApplication UseSigapTextCheck(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var field = RefusedField(http);
            if (field is null && http.Request.HasFormContentType && http.GetEndpoint()?.Metadata.GetMetadata<StreamsRequestBody>() is null)
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                field = form.Where(f => TextInput.IsRefused(f.Key, false) || f.Value.Any(v => TextInput.IsRefused(v, multiLine: true)))
                    .Select(f => f.Key).FirstOrDefault();
            }
            if (field is not null)
            {
                await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, Texts.Get("error.validation"),
                    errors: new() { [Printable(field)] = [Texts.Get("validation.controlCharacters")] });
                return;
            }
            await next(http);
        });
        return app;
    }

    private static string? RefusedField(HttpContext http)
    {
        foreach (var (key, values) in http.Request.Query)
            if (TextInput.IsRefused(key, false) || values.Any(v => TextInput.IsRefused(v, false))) return key;
        foreach (var (key, value) in http.Request.RouteValues)
            if (value is string s && TextInput.IsRefused(s, false)) return key;
        return null;
    }

    /// <summary>A field name is echoed back: without the characters that were refused.</summary>
    private static string Printable(string name)
    {
        var clean = new string(name.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray());
        return clean.Length == 0 ? "query" : clean;
    }

    private static bool IsKnownCharset(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary><c>Sigap:PublicBaseUrl</c> (e.g. https://sigap.example.id): the origin users reach this site by; null when not set.</summary>
    public static Uri? PublicBaseUrl(IConfiguration config)
    {
        var value = config["Sigap:PublicBaseUrl"];
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"Sigap:PublicBaseUrl must be an absolute http(s) URL, not '{value}'.");
        return uri;
    }
}
