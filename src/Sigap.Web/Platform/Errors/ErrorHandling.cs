using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Security;

namespace Sigap.Web.Platform.Errors;

/// <summary>
/// Turns every failure into ProblemDetails in the caller's language: unreadable JSON names the field at fault, a body
/// that cannot be parsed (broken multipart, undecodable bytes) is a 400 that says so, anything unexpected is logged with
/// its stack and answered with a plain 500 (no stack trace to the client).
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    /// <summary>The assemblies that parse request bodies: an IOException from them is the client's broken body, not our disk.</summary>
    private static readonly HashSet<string> BodyParsers = ["Microsoft.AspNetCore.WebUtilities", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Http.Extensions"];

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        LocalizationSetup.ApplyRequestCulture(http);
        int status;
        string title;
        Dictionary<string, string[]>? errors = null;
        switch (exception)
        {
            case BadHttpRequestException bad:
                status = bad.StatusCode;
                title = Texts.Get(status switch
                {
                    StatusCodes.Status413PayloadTooLarge => "error.payloadTooLarge",
                    StatusCodes.Status415UnsupportedMediaType => "error.unsupportedMediaType",
                    _ => "error.validation",
                });
                if (FindJsonException(bad) is { } json)
                    errors = new() { [FieldName(json.Path)] = [JsonMessage(json)] };
                else if (status == StatusCodes.Status400BadRequest)
                    errors = new() { [ParameterName(bad.Message)] = [Texts.Get("validation.jsonField")] };
                log.LogInformation("Bad request on {Path}: {Message}", http.Request.Path, bad.Message);
                break;
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return true;
            case InvalidDataException or DecoderFallbackException:
            case IOException when exception.Source is { } source && BodyParsers.Contains(source) && !http.RequestAborted.IsCancellationRequested:
                status = StatusCodes.Status400BadRequest;
                title = Texts.Get("error.validation");
                var multipart = http.Request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
                errors = new() { ["body"] = [Texts.Get(multipart ? "error.unreadableMultipart" : "error.unreadableBody")] };
                log.LogInformation("Unreadable body on {Path}: {Message}", http.Request.Path, exception.Message);
                break;
            default:
                status = StatusCodes.Status500InternalServerError;
                title = Texts.Get("error.server");
                log.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
                break;
        }

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = ErrorResponses.Details(status, title, null, errors), Exception = null });
    }

    private static JsonException? FindJsonException(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is JsonException json) return json;
        return null;
    }

    /// <summary>"$.items[2].amount" → "items[2].amount"; the root itself → "body".</summary>
    internal static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string JsonMessage(JsonException json) =>
        Texts.Get(json is RefusedTextException ? "validation.controlCharacters" : json.Path is null or "$" ? "validation.json" : "validation.jsonField");

    /// <summary>Minimal APIs say 'Failed to bind parameter "int page" from "abc".': name that parameter.</summary>
    private static string ParameterName(string message)
    {
        var start = message.IndexOf('"');
        var end = start >= 0 ? message.IndexOf('"', start + 1) : -1;
        if (start < 0 || end < 0) return "body";
        var declaration = message[(start + 1)..end];
        var space = declaration.LastIndexOf(' ');
        return space >= 0 ? declaration[(space + 1)..] : declaration;
    }
}

/// <summary>ProblemDetails written by middleware that answers before any endpoint runs.</summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext http, int status, string title, string? detail = null, Dictionary<string, string[]>? errors = null)
    {
        LocalizationSetup.ApplyRequestCulture(http);
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = Details(status, title, detail, errors) }).AsTask();
    }

    public static Microsoft.AspNetCore.Mvc.ProblemDetails Details(int status, string title, string? detail, Dictionary<string, string[]>? errors) => errors is null
        ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail }
        : new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
}

internal static class ErrorHandlingSetup
{
    public static IServiceCollection AddSigapErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            LocalizationSetup.ApplyRequestCulture(ctx.HttpContext);
            ctx.ProblemDetails.Extensions.Remove("exception");
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            // Status-only responses (404 from routing, 401/403 from auth, 405) get a title in the caller's language.
            if (ctx.ProblemDetails.Title is null or "Not Found" or "Unauthorized" or "Forbidden" or "Method Not Allowed"
                or "An error occurred while processing your request." or "Bad Request" or "Too Many Requests")
                ctx.ProblemDetails.Title = ctx.ProblemDetails.Status switch
                {
                    404 => Texts.Get("error.notFound"),
                    401 => Texts.Get("error.unauthorized"),
                    403 => Texts.Get("error.forbidden"),
                    405 => Texts.Get("error.methodNotAllowed"),
                    429 => Texts.Get("error.tooMany"),
                    400 => Texts.Get("error.badRequest"),
                    _ => Texts.Get("error.server"),
                };
            ctx.ProblemDetails.Type = null;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed bodies throw, so the handler above can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        });
        return services;
    }
}
