using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Errors;

/// <summary>Invalid → 400 with fields; NotFound → 404; Forbidden → 403; Conflict (the state forbids it now) → 409; Rule (a business rule refuses the values) → 422; Unauthorized (wrong credentials, an ended session) → 401.</summary>
public enum FailureKind { Invalid, NotFound, Forbidden, Conflict, Rule, Unauthorized }

/// <summary>
/// Why a handler refused. Handlers return this instead of HTTP results so Blazor pages can call them in-process
/// and show the same message the API sends.
/// </summary>
public sealed record Failure(FailureKind Kind, string? Key = null, object?[]? Args = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Failure NotFound { get; } = new(FailureKind.NotFound, "error.notFound");
    public static Failure Forbidden { get; } = new(FailureKind.Forbidden, "error.forbidden");
    public static Failure Conflict(string key, params object?[] args) => new(FailureKind.Conflict, key, args);
    public static Failure Rule(string key, params object?[] args) => new(FailureKind.Rule, key, args);
    public static Failure Unauthorized(string key) => new(FailureKind.Unauthorized, key);
    public static Failure Invalid(Check check) => new(FailureKind.Invalid, "error.validation", null, check.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    public static Failure Field(string field, string key, params object?[] args) => FieldMessage(field, Texts.Get(key, args));
    /// <summary>400 on <paramref name="field"/> with a message already in the caller's language.</summary>
    public static Failure FieldMessage(string field, string message) =>
        new(FailureKind.Invalid, "error.validation", null, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>One line for a page: the field messages, or the rule's message.</summary>
    public string Message => Errors is { Count: > 0 }
        ? string.Join(" ", Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
        : Texts.Get(Key ?? "error.server", Args ?? []);

    /// <summary>More ProblemDetails members for clients that read them (e.g. the rows at fault of an import).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public FailureHttpResult ToHttp() => new(this);
}

/// <summary>A handler's answer: a value or a <see cref="Failure"/>.</summary>
public readonly record struct Outcome<T>(T? Value, Failure? Error)
{
    public bool Ok => Error is null;
    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Failure error) => new(default, error);
}

/// <summary>One page of a list, with the total count for the pager.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>page ≥ 1 and pageSize 1–200 (default 50), checked the same way by every list endpoint.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public int Skip => (Page - 1) * PageSize;

    public static Paging From(int? page, int? pageSize, Check check)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        check.Range("page", p, 1, int.MaxValue / MaxPageSize);
        check.Range("pageSize", size, 1, MaxPageSize);
        return new Paging(p, size);
    }
}
