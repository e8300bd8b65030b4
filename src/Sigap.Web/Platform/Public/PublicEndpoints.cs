using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Sigap.Web.Platform.Errors;

namespace Sigap.Web.Platform.Public;

/// <summary>Public endpoint settings: <c>Public:MaxBodyBytes</c> and <c>RateLimits:PublicPerMinute</c>.</summary>
public sealed class PublicOptions
{
    /// <summary>The largest request body a public endpoint reads (a chatbot message, a webhook call).</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;
    /// <summary>Requests per client address and minute, over all public endpoints together.</summary>
    public int PerMinute { get; set; } = 60;
}

/// <summary>Marks an endpoint of the public group: anonymous, rate-limited per address, body size capped.</summary>
public sealed class PublicEndpointMetadata;

public sealed record PublicStatusResponse(string App, string Status, DateTimeOffset Time);

/// <summary>
/// The one route group for anonymous callers (Helpdesk's chatbot, status pages, provider webhooks). Everything in it
/// is anonymous, shares a per-address rate limit of its own (so anonymous traffic cannot use up the sign-in limit or
/// the other way round) and reads at most <see cref="PublicOptions.MaxBodyBytes"/> of a body: a larger one is a 413
/// before any handler runs. A webhook still verifies its provider's signature on the raw body before storing anything.
/// </summary>
public static class PublicEndpoints
{
    public const string RateLimitPolicy = "public";
    public const string Prefix = "/api/public";

    internal static IServiceCollection AddPublicEndpoints(this IServiceCollection services, IConfiguration config)
    {
        var options = new PublicOptions();
        config.GetSection("Public").Bind(options);
        options.PerMinute = config.GetValue("RateLimits:PublicPerMinute", options.PerMinute);
        services.AddSingleton(options);
        // Adds to the platform's rate limiter (its rejection answer is a 429 ProblemDetails).
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.PerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }

    /// <summary>The public group: map anonymous endpoints on what this returns.</summary>
    public static RouteGroupBuilder MapPublic(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).AllowAnonymous().RequireRateLimiting(RateLimitPolicy).WithMetadata(new PublicEndpointMetadata()).WithTags("Public");

    /// <summary>The platform's own public endpoint: a status page or monitor can tell that the app answers.</summary>
    internal static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        app.MapPublic().MapGet("/status", (TimeProvider clock) => TypedResults.Ok(new PublicStatusResponse("Sigap", "ok", clock.GetUtcNow())))
            .WithName("PublicStatus").WithSummary("That the app answers, with its clock");
        return app;
    }

    /// <summary>
    /// Caps the body of public requests before anything reads it: a declared length over the cap is refused at once; a
    /// body without one (chunked) is read up to the cap into memory and refused when it goes beyond.
    /// Runs after routing (it needs the endpoint) and before the handler binds its parameters.
    /// </summary>
    internal static IApplicationBuilder UsePublicBodyLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<PublicEndpointMetadata>() is null)
        {
            await next(http);
            return;
        }
        var max = http.RequestServices.GetRequiredService<PublicOptions>().MaxBodyBytes;
        var request = http.Request;
        if (request.ContentLength > max)
        {
            await TooLargeAsync(http);
            return;
        }
        if (request.ContentLength is null && (request.Headers.TransferEncoding.Count > 0 || HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
        {
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    await TooLargeAsync(http);
                    return;
                }
                buffer.Write(chunk, 0, read);
            }
            buffer.Position = 0;
            request.Body = buffer;
            request.ContentLength = buffer.Length;
        }
        await next(http);
    });

    private static Task TooLargeAsync(HttpContext http)
    {
        var problem = Problems.Status(StatusCodes.Status413PayloadTooLarge, "error.payloadTooLarge");
        return problem.ExecuteAsync(http);
    }
}
