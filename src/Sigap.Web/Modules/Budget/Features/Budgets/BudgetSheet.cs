using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Sigap.Web.Modules.Budget.Features.Budgets;

/// <summary>One line of an uploaded sheet: its row number as the user sees it (header = 1) and its cells as text.</summary>
public sealed record SheetRow(int Row, IReadOnlyList<string> Cells)
{
    public string Cell(int index) => index < Cells.Count ? Cells[index].Trim() : "";
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>Reads the rows of an .xlsx (first sheet) or a .csv (";" or ",", UTF-8 with or without BOM), and writes the template.</summary>
public static partial class BudgetSheet
{
    public static List<SheetRow> ReadXlsx(Stream stream)
    {
        using var doc = SpreadsheetDocument.Open(stream, false);
        var book = doc.WorkbookPart ?? throw new InvalidDataException("no workbook");
        var sheet = book.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no sheet");
        var part = (WorksheetPart)book.GetPartById(sheet.Id!.Value!);
        var shared = book.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var rows = new List<SheetRow>();
        var next = 1;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var number = row.RowIndex?.Value is { } r ? (int)r : next;
            next = number + 1;
            var cells = new List<string>();
            var column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                if (cell.CellReference?.Value is { } reference) column = ColumnIndex(reference);
                while (cells.Count < column) cells.Add("");
                cells.Add(CellText(cell, shared));
                column = cells.Count;
            }
            rows.Add(new SheetRow(number, cells));
        }
        return rows;
    }

    private static string CellText(Cell cell, string[] shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString) return int.TryParse(raw, out var i) && i >= 0 && i < shared.Length ? shared[i] : "";
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        if (type == CellValues.String || type == CellValues.Boolean || type == CellValues.Error) return raw;
        // A number cell: 2031, 28488600, or 2.84886E+7 — written back as a plain integer when it is one.
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number))
            return decimal.Truncate(number).ToString(CultureInfo.InvariantCulture);
        return raw;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c)) break;
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return Math.Max(index - 1, 0);
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
        using var memory = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var part = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            part.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = 1, Width = 22, CustomWidth = true }, new Column { Min = 2, Max = 3, Width = 10, CustomWidth = true },
                    new Column { Min = 4, Max = 4, Width = 18, CustomWidth = true }),
                data);
            book.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = 1, Name = "Anggaran" });

            uint r = 1;
            data.Append(new Row(header.Select((h, i) => TextCell(i, r, h))) { RowIndex = r });
            foreach (var (code, year, month, amount) in rows)
            {
                r++;
                var cells = new List<Cell> { TextCell(0, r, code), NumberCell(1, r, year), NumberCell(2, r, month) };
                if (amount is { } a) cells.Add(NumberCell(3, r, a));
                data.Append(new Row(cells) { RowIndex = r });
            }
            book.Workbook.Save();
        }
        return memory.ToArray();
    }

    private static string Reference(int column, uint row) => $"{(char)('A' + column)}{row}";

    private static Cell TextCell(int column, uint row, string text) =>
        new() { CellReference = Reference(column, row), DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };

    private static Cell NumberCell(int column, uint row, long value) =>
        new() { CellReference = Reference(column, row), DataType = CellValues.Number, CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)) };
}
