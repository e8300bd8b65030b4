using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Sigap.Web.Platform.Errors;

/// <summary>
/// A <see cref="Failure"/> as HTTP: 400 ValidationProblem with the fields, else ProblemDetails by <see cref="Problems.Status"/>.
/// As part of an endpoint's <c>Results&lt;…&gt;</c> it describes those answers to OpenAPI, so no endpoint lists them by hand.
/// </summary>
public sealed class FailureHttpResult(Failure failure) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    public Failure Failure => failure;

    public int StatusCode => failure.Kind switch
    {
        FailureKind.Invalid => StatusCodes.Status400BadRequest,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.Rule => StatusCodes.Status422UnprocessableEntity,
        FailureKind.Unauthorized => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status409Conflict,
    };

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    // A refusal of another kind may still name the field at fault (a taken user name is a 409 on "userName"):
    // it keeps its status and carries the fields as "errors", as a validation problem does.
    public Task ExecuteAsync(HttpContext httpContext) =>
        (failure.Kind == FailureKind.Invalid && failure.Errors is { Count: > 0 } errors
            ? (IResult)Problems.Invalid(errors)
            : Problems.Status(StatusCode, failure.Key, failure.Args, WithFields(failure))).ExecuteAsync(httpContext);

    private static IReadOnlyDictionary<string, object?>? WithFields(Failure failure) =>
        failure.Errors is not { Count: > 0 } errors ? failure.Extensions
            : new Dictionary<string, object?>(failure.Extensions ?? new Dictionary<string, object?>()) { ["errors"] = errors };

    /// <summary>A handler may refuse in any of these ways; the summary of each endpoint says which apply when.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ProblemJson));
        foreach (var status in new[] { StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity })
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ProblemJson));
    }
}

/// <summary>The one way an endpoint turns a handler's <see cref="Outcome{T}"/> into typed HTTP results.</summary>
public static class OutcomeHttp
{
    /// <summary>200 with the value, or the failure.</summary>
    public static async Task<Results<Ok<T>, FailureHttpResult>> ToHttpAsync<T>(this Task<Outcome<T>> work)
    {
        var outcome = await work;
        return outcome.Error is { } e ? e.ToHttp() : TypedResults.Ok(outcome.Value);
    }

    /// <summary><paramref name="ok"/> of the value (Created, NoContent…), or the failure.</summary>
    public static async Task<Results<TResult, FailureHttpResult>> ToHttpAsync<T, TResult>(this Task<Outcome<T>> work, Func<T, TResult> ok) where TResult : IResult
    {
        var outcome = await work;
        return outcome.Error is { } e ? e.ToHttp() : ok(outcome.Value!);
    }
}
