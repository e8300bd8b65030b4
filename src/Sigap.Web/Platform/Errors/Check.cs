using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Errors;

/// <summary>
/// Collects field errors of one request, in the caller's language. Field names are the JSON names (camelCase).
/// <code>var check = new Check(); check.Required("email", req.Email).Email("email", req.Email); if (check.Failed) return check.Problem();</code>
/// </summary>
public sealed partial class Check
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Failed => _errors.Count > 0;
    public IReadOnlyDictionary<string, List<string>> Errors => _errors;

    public Check Add(string field, string key, params object?[] args)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(Texts.Get(key, args));
        return this;
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public Check Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "validation.required");
        return this;
    }

    public Check Required<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, "validation.required");
        return this;
    }

    public Check MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, "validation.maxLength", max);
        return this;
    }

    /// <summary>Required and at most <paramref name="max"/> characters.</summary>
    public Check Text(string field, string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? Required(field, value) : MaxLength(field, value, max);

    public const int MinYear = 2000, MaxYear = 2100;

    /// <summary>A period as every module takes it: a year in 2000–2100 and a month 1–12, each checked when given.</summary>
    public Check Period(int? year, int? month, string yearField = "year", string monthField = "month")
    {
        if (year is { } y) Range(yearField, y, MinYear, MaxYear);
        if (month is { } m) Range(monthField, m, 1, 12);
        return this;
    }

    public Check Range(string field, long value, long min, long max)
    {
        if (value < min || value > max) Add(field, "validation.range", min, max);
        return this;
    }

    public Check Email(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || Has(field)) return this;
        if (value.Length > 256 || !IsEmail(value)) Add(field, "validation.email");
        return this;
    }

    public Check Phone(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || Has(field)) return this;
        if (Phones.ToE164(value) is null) Add(field, "validation.phone");
        return this;
    }

    public Check Password(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return Required(field, value);
        if (value.Length > 128) return Add(field, "validation.maxLength", 128);
        if (value.Length < 8 || !value.Any(char.IsUpper) || !value.Any(char.IsLower) || !value.Any(char.IsDigit))
            Add(field, "validation.password");
        return this;
    }

    public Check Username(string field, string? value)
    {
        if (string.IsNullOrEmpty(value) || Has(field)) return this;
        if (!UsernamePattern().IsMatch(value)) Add(field, "validation.username");
        return this;
    }

    public ValidationProblem Problem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), title: Texts.Get("error.validation"));

    public static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9._-]{3,50}$")]
    private static partial Regex UsernamePattern();
}

/// <summary>Indonesian phone numbers normalised to E.164 ("0812…" → "+62812…").</summary>
public static class Phones
{
    public static string? ToE164(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var digits = new string(input.Where(char.IsDigit).ToArray());
        var plus = input.TrimStart().StartsWith('+');
        if (input.Any(c => !char.IsDigit(c) && c is not ('+' or ' ' or '-' or '(' or ')' or '.'))) return null;
        if (digits.StartsWith("62", StringComparison.Ordinal)) digits = digits[2..];
        else if (digits.StartsWith('0')) digits = digits[1..];
        else if (plus) return null; // a foreign number
        // Indonesian mobile numbers: 8xx, 9–12 digits after the country code; landlines 2x–9x with area code.
        if (digits.Length < 8 || digits.Length > 13 || digits[0] == '0') return null;
        return "+62" + digits;
    }
}
