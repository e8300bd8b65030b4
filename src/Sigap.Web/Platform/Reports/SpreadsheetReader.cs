using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Files;

namespace Sigap.Web.Platform.Reports;

/// <summary>
/// What an uploaded sheet may claim before the reader gives up: a few KB of XML can name column ZZZZZ, row 1048576 or a
/// million shared strings, and a zip of a few MB can unpack to gigabytes.
/// </summary>
public sealed record SpreadsheetLimits(int MaxColumns = 100, int MaxRows = 100_000, int MaxSharedStrings = 200_000, long MaxUnpackedBytes = 50L * 1024 * 1024);

/// <summary>One row of a sheet: its number as the user sees it (the first row is 1) and its cells as text, gaps filled with "".</summary>
public sealed record SpreadsheetRow(int Number, IReadOnlyList<string> Cells);

/// <summary>
/// Reads the first sheet of an uploaded .xlsx, streaming its XML, and refuses a sheet past its <see cref="SpreadsheetLimits"/>
/// before allocating for it. Every refusal is a 400 on the field <c>file</c> that says what was wrong. The one reader
/// for imports (Budget's budgets, Billing's bills).
/// </summary>
public static class SpreadsheetReader
{
    public static Outcome<List<SpreadsheetRow>> ReadFirstSheet(Stream xlsx, SpreadsheetLimits? limits = null)
    {
        limits ??= new SpreadsheetLimits();
        try
        {
            var start = xlsx.Position;
            using (var zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true))
                if (zip.Entries.Sum(e => e.Length) > limits.MaxUnpackedBytes)
                    return Failure.Field("file", "spreadsheet.unpackedTooLarge", FileService.FormatSize(limits.MaxUnpackedBytes));
            xlsx.Position = start;

            using var doc = SpreadsheetDocument.Open(xlsx, false);
            var book = doc.WorkbookPart;
            var sheet = book?.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (book is null || sheet?.Id?.Value is not { } sheetId) return Failure.Field("file", "spreadsheet.noSheet");
            if (book.GetPartById(sheetId) is not WorksheetPart part) return Failure.Field("file", "spreadsheet.noSheet");

            var shared = new List<string>();
            if (book.SharedStringTablePart is { } strings && SharedStrings(strings, shared, limits) is { } tooMany) return tooMany;
            return Rows(part, shared, limits);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A broken package fails in the SDK with many exception types (zip, XML, missing or mistyped parts); the file is
            // the only input, so each of them means "not a readable .xlsx".
            return Failure.Field("file", "spreadsheet.unreadable");
        }
    }

    private static Failure? SharedStrings(SharedStringTablePart part, List<string> shared, SpreadsheetLimits limits)
    {
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringTable) && reader.IsStartElement)
            {
                // The count the table claims, checked before a single string is read.
                var claimed = reader.Attributes.FirstOrDefault(a => a.LocalName == "uniqueCount").Value;
                if (long.TryParse(claimed, CultureInfo.InvariantCulture, out var n) && n > limits.MaxSharedStrings)
                    return Failure.Field("file", "spreadsheet.tooManyStrings", n, limits.MaxSharedStrings);
            }
            else if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                if (shared.Count >= limits.MaxSharedStrings)
                    return Failure.Field("file", "spreadsheet.tooManyStrings", $"> {limits.MaxSharedStrings}", limits.MaxSharedStrings);
                shared.Add(((SharedStringItem)reader.LoadCurrentElement()!).InnerText);
            }
        }
        return null;
    }

    private static Outcome<List<SpreadsheetRow>> Rows(WorksheetPart part, List<string> shared, SpreadsheetLimits limits)
    {
        var rows = new List<SpreadsheetRow>();
        var next = 1;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (!reader.IsStartElement) continue;
            if (reader.ElementType == typeof(SheetDimension))
            {
                // <dimension ref="A1:ZZZZZ1048576"/>: the range the sheet claims to use.
                var range = reader.Attributes.FirstOrDefault(a => a.LocalName == "ref").Value ?? "";
                if (OutOfLimits(range[(range.IndexOf(':') + 1)..], limits) is { } claimed) return claimed;
            }
            else if (reader.ElementType == typeof(Row))
            {
                var row = (Row)reader.LoadCurrentElement()!;
                var number = row.RowIndex?.Value is { } r ? (long)r : next;
                if (number > limits.MaxRows || rows.Count >= limits.MaxRows)
                    return Failure.Field("file", "spreadsheet.tooManyRows", Math.Max(number, rows.Count + 1), limits.MaxRows);
                next = (int)number + 1;
                var cells = new List<string>();
                var column = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    if (cell.CellReference?.Value is { } reference)
                    {
                        if (OutOfLimits(reference, limits) is { } far) return far;
                        column = ColumnIndex(reference);
                    }
                    if (column >= limits.MaxColumns) return Failure.Field("file", "spreadsheet.tooManyColumns", column + 1, limits.MaxColumns);
                    while (cells.Count < column) cells.Add("");
                    cells.Add(CellText(cell, shared));
                    column = cells.Count;
                }
                rows.Add(new SpreadsheetRow((int)number, cells));
            }
        }
        return rows;
    }

    /// <summary>A cell reference ("C7", "ZZZZZ1048576") past the limits: the refusal naming it; otherwise null.</summary>
    private static Failure? OutOfLimits(string reference, SpreadsheetLimits limits)
    {
        var letters = reference.TakeWhile(char.IsAsciiLetter).Count();
        if (letters > 0 && (letters > 3 || ColumnIndex(reference) >= limits.MaxColumns))
            return Failure.Field("file", "spreadsheet.tooManyColumns", reference[..letters].ToUpperInvariant(), limits.MaxColumns);
        var digits = reference[letters..];
        if (digits.Length > 0 && (digits.Length > 9 || !int.TryParse(digits, CultureInfo.InvariantCulture, out var row) || row > limits.MaxRows))
            return Failure.Field("file", "spreadsheet.tooManyRows", digits, limits.MaxRows);
        return null;
    }

    /// <summary>"A1" → 0, "AB7" → 27 (only called on references of at most three letters).</summary>
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

    private static string CellText(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString) return int.TryParse(raw, out var i) && i >= 0 && i < shared.Count ? shared[i] : "";
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        if (type == CellValues.String || type == CellValues.Boolean || type == CellValues.Error) return raw;
        // A number cell: 2031, 28488600, or 2.84886E+7 — written back as a plain integer when it is one.
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number))
            return decimal.Truncate(number).ToString(CultureInfo.InvariantCulture);
        return raw;
    }
}
