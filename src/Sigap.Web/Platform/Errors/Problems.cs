using Microsoft.AspNetCore.Http.HttpResults;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Errors;

/// <summary>ProblemDetails results with messages in the caller's language.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(title: Texts.Get("error.notFound"), statusCode: StatusCodes.Status404NotFound);

    /// <summary>A broken business rule: 409 (state conflict) or 422 (rule refused). The key is a <see cref="Texts"/> key.</summary>
    public static ProblemHttpResult Conflict(string key, params object?[] args) =>
        TypedResults.Problem(title: Texts.Get("error.conflict"), detail: Texts.Get(key, args), statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["code"] = key });

    public static ProblemHttpResult Unprocessable(string key, params object?[] args) =>
        TypedResults.Problem(title: Texts.Get(key, args), detail: Texts.Get(key, args), statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["code"] = key });

    public static ProblemHttpResult Status(int status, string key, params object?[] args) =>
        TypedResults.Problem(title: Texts.Get(key, args), detail: Texts.Get(key, args), statusCode: status,
            extensions: new Dictionary<string, object?> { ["code"] = key });

    /// <summary>400 with one field at fault.</summary>
    public static ValidationProblem Field(string field, string key, params object?[] args) =>
        Invalid(new Dictionary<string, string[]> { [field] = [Texts.Get(key, args)] });

    /// <summary>400 with the fields at fault (messages already in the caller's language).</summary>
    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: Texts.Get("error.validation"));
}
