using System.Globalization;

namespace Sigap.Web.Platform.Localization;

/// <summary>
/// User-facing text in Bahasa Indonesia (first) and English. One table keeps both languages side by side,
/// so a missing translation is visible in review. Modules add their own tables with <see cref="Add"/>.
/// </summary>
public static class Texts
{
    public static readonly string[] Languages = ["id", "en"];
    private static readonly Dictionary<string, (string Id, string En)> Table = new(StringComparer.Ordinal);

    static Texts() => Add(PlatformTexts.All);

    public static void Add(IEnumerable<(string Key, string Id, string En)> entries)
    {
        lock (Table)
            foreach (var (key, id, en) in entries) Table[key] = (id, en);
    }

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The text for <paramref name="key"/> in the current UI culture; the key itself when unknown.</summary>
    public static string Get(string key, params object?[] args)
    {
        string text;
        lock (Table)
            text = Table.TryGetValue(key, out var t) ? (IsEnglish ? t.En : t.Id) : key;
        return args.Length == 0 ? text : string.Format(CultureInfo.CurrentCulture, text, args);
    }

    public static bool Has(string key)
    {
        lock (Table) return Table.ContainsKey(key);
    }

    public static IReadOnlyCollection<string> Keys
    {
        get { lock (Table) return Table.Keys.ToList(); }
    }

    public static string NormaliseLanguage(string? value) =>
        value is not null && value.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "id";
}
