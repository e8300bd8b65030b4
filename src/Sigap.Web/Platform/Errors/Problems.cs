using Microsoft.AspNetCore.Http.HttpResults;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Errors;

/// <summary>
/// ProblemDetails results in the caller's language, all under one rule: the title is the general kind of failure
/// (by status: "not valid", "not found", "conflicts", "refused by a rule"…), the detail is the specific message, and the
/// <c>code</c> extension is that message's <see cref="Texts"/> key, for clients that branch on it.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult NotFound() => Status(StatusCodes.Status404NotFound);

    /// <summary>
    /// Any status: title from <see cref="TitleKey"/>, detail and code from <paramref name="key"/> (none when the key is
    /// only the general one), plus <paramref name="extensions"/>.
    /// </summary>
    public static ProblemHttpResult Status(int status, string? key = null, object?[]? args = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var titleKey = TitleKey(status);
        var specific = key is not null && key != titleKey;
        var ext = new Dictionary<string, object?>();
        if (specific) ext["code"] = key;
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>()) ext[name] = value;
        return TypedResults.Problem(title: Texts.Get(titleKey), detail: specific ? Texts.Get(key!, args ?? []) : null, statusCode: status, extensions: ext);
    }

    /// <summary>The general kind of failure a status stands for.</summary>
    public static string TitleKey(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "error.validation",
        StatusCodes.Status401Unauthorized => "error.unauthorized",
        StatusCodes.Status403Forbidden => "error.forbidden",
        StatusCodes.Status404NotFound => "error.notFound",
        StatusCodes.Status405MethodNotAllowed => "error.methodNotAllowed",
        StatusCodes.Status409Conflict => "error.conflict",
        StatusCodes.Status413PayloadTooLarge => "error.payloadTooLarge",
        StatusCodes.Status415UnsupportedMediaType => "error.unsupportedMediaType",
        StatusCodes.Status422UnprocessableEntity => "error.rule",
        StatusCodes.Status429TooManyRequests => "error.tooMany",
        _ => "error.server",
    };

    /// <summary>400 with one field at fault.</summary>
    public static ValidationProblem Field(string field, string key, params object?[] args) =>
        Invalid(new Dictionary<string, string[]> { [field] = [Texts.Get(key, args)] });

    /// <summary>400 with the fields at fault (messages already in the caller's language).</summary>
    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: Texts.Get("error.validation"));
}
