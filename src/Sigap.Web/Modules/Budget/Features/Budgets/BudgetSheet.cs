using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Reports;

namespace Sigap.Web.Modules.Budget.Features.Budgets;

/// <summary>One line of an uploaded sheet: its row number as the user sees it (header = 1) and its cells as text.</summary>
internal sealed record SheetRow(int Row, IReadOnlyList<string> Cells)
{
    public string Cell(int index) => index < Cells.Count ? Cells[index].Trim() : "";
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>Reads the rows of an .xlsx (first sheet) or a .csv (";" or ",", UTF-8 with or without BOM), and writes the template.</summary>
internal static partial class BudgetSheet
{
    /// <summary>The rows of the first sheet, read by the platform's bounded reader (a sheet past its limits is refused on "file").</summary>
    public static Outcome<List<SheetRow>> ReadXlsx(Stream stream)
    {
        var sheet = SpreadsheetReader.ReadFirstSheet(stream);
        return sheet.Error is { } error ? error : sheet.Value!.Select(r => new SheetRow(r.Number, r.Cells)).ToList();
    }

    public static List<SheetRow> ReadCsv(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';

        var rows = new List<SheetRow>();
        var cells = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowStart = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == separator) { cells.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                cells.Add(field.ToString());
                field.Clear();
                rows.Add(new SheetRow(rowStart, cells));
                cells = [];
                rowStart = ++line;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || cells.Count > 0)
        {
            cells.Add(field.ToString());
            rows.Add(new SheetRow(rowStart, cells));
        }
        return rows;
    }

    /// <summary>
    /// Whole non-negative rupiah as people type them: <c>28488600</c>, <c>28.488.600</c>, <c>28,488,600</c>,
    /// <c>Rp 28.488.600</c>, <c>Rp28.488.600,00</c>. Fractions other than zero are refused (no rounding behind the user's back).
    /// </summary>
    public static bool TryParseRupiah(string? text, out long amount)
    {
        amount = 0;
        var s = (text ?? "").Trim();
        if (s.StartsWith("Rp", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        else if (s.StartsWith("IDR", StringComparison.OrdinalIgnoreCase)) s = s[3..];
        s = s.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "");
        var m = RupiahPattern().Match(s);
        if (!m.Success) return false;
        var grouping = m.Groups["g"].Success ? m.Groups["g"].Captures[0].Value[0] : (char?)null;
        if (m.Groups["d"].Success && m.Groups["d"].Value[0] == grouping) return false;
        var digits = new string(m.Groups["int"].Value.Where(char.IsAsciiDigit).ToArray());
        return digits.Length <= 15 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out amount);
    }

    // Digits, or groups of three split by one consistent separator; then optionally a zero fraction.
    [GeneratedRegex(@"^(?<int>\d+|\d{1,3}(?<g>[.,])\d{3}(?:\k<g>\d{3})*)(?:(?<d>[.,])0{1,2})?$")]
    private static partial Regex RupiahPattern();

    /// <summary>An .xlsx with the header row and the given example rows (cluster code, year, month, amount or blank).</summary>
    public static byte[] WriteXlsx(IReadOnlyList<string> header, IEnumerable<(string Code, int Year, int Month, long? Amount)> rows)
    {
        var excel = new ExcelWriter();
        var sheet = excel.AddSheet("Anggaran",
            new ExcelColumn(header[0], ExcelFormat.Text, 22), new ExcelColumn(header[1], ExcelFormat.Integer, 10),
            new ExcelColumn(header[2], ExcelFormat.Integer, 10), new ExcelColumn(header[3], ExcelFormat.Integer, 18));
        foreach (var (code, year, month, amount) in rows) sheet.AddRow(code, year, month, amount);
        return excel.ToArray();
    }
}
