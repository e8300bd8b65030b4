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

    private static volatile bool _frozen;

    /// <summary>
    /// Adds a table. A key defined twice with different texts is an error, so two tables cannot silently shadow each
    /// other; adding the same entries again is a no-op (each test host of one process registers its modules anew).
    /// After <see cref="Freeze"/> only such repeats are accepted.
    /// </summary>
    public static void Add(IEnumerable<(string Key, string Id, string En)> entries)
    {
        lock (Table)
            foreach (var (key, id, en) in entries)
            {
                if (Table.TryGetValue(key, out var existing))
                {
                    if (existing != (id, en)) throw new InvalidOperationException($"Text key '{key}' is defined twice with different texts.");
                    continue;
                }
                if (_frozen) throw new InvalidOperationException($"Text key '{key}' added after start-up; add tables in the module's AddX().");
                Table[key] = (id, en);
            }
    }

    /// <summary>Called once the app has started: from then on the table is read-only.</summary>
    public static void Freeze() => _frozen = true;

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
