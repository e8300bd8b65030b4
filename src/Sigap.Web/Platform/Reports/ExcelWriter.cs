using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Sigap.Web.Platform.Reports;

/// <summary>How a column's cells are written: numbers stay numbers (Excel can add them up), shown with a format.</summary>
public enum ExcelFormat { Text, Integer, Rupiah, Percent, Date, DateTime }

/// <param name="Width">In Excel character widths.</param>
public sealed record ExcelColumn(string Header, ExcelFormat Format = ExcelFormat.Text, double Width = 14);

/// <summary>
/// A small .xlsx builder on OpenXml: sheets with a bold, frozen, filterable header row, typed cells and column widths.
/// Rows are written with the streaming <see cref="OpenXmlWriter"/>, so a sheet of many thousands of rows stays cheap.
/// </summary>
public sealed class ExcelWriter
{
    private readonly List<ExcelSheet> _sheets = [];

    public ExcelSheet AddSheet(string name, params ExcelColumn[] columns)
    {
        // Excel's limits on sheet names: 31 characters, none of : \ / ? * [ ].
        var clean = new string(name.Select(c => ":\\/?*[]".Contains(c) ? '_' : c).ToArray());
        var sheet = new ExcelSheet(clean.Length > 31 ? clean[..31] : clean, columns);
        _sheets.Add(sheet);
        return sheet;
    }

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        Save(stream);
        return stream.ToArray();
    }

    public void Save(Stream stream)
    {
        using var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = doc.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheets = workbook.Workbook.AppendChild(new Sheets());
        uint id = 1;
        foreach (var sheet in _sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(part, sheet);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = sheet.Name });
        }
        workbook.Workbook.Save();
    }

    // Style indexes into CellFormats below.
    private const uint StyleHeader = 1;

    private static uint StyleOf(ExcelFormat format) => format switch
    {
        ExcelFormat.Integer => 2,
        ExcelFormat.Rupiah => 3,
        ExcelFormat.Percent => 4,
        ExcelFormat.Date => 5,
        ExcelFormat.DateTime => 6,
        _ => 0,
    };

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "\"Rp \"#,##0" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "0.0%" },
            new NumberingFormat { NumberFormatId = 166, FormatCode = "dd/mm/yyyy" },
            new NumberingFormat { NumberFormatId = 167, FormatCode = "dd/mm/yyyy hh:mm" }) { Count = 4 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDCE6F1" }) { PatternType = PatternValues.Solid })) { Count = 3 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true },
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 166, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 167, ApplyNumberFormat = true }) { Count = 7 });

    private static void WriteSheet(WorksheetPart part, ExcelSheet sheet)
    {
        using var w = OpenXmlWriter.Create(part);
        w.WriteStartElement(new Worksheet());
        if (sheet.Columns.Count > 0)
        {
            // The header stays visible while scrolling.
            w.WriteStartElement(new SheetViews());
            w.WriteStartElement(new SheetView { WorkbookViewId = 0, TabSelected = false });
            w.WriteElement(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement(new Columns());
            for (var i = 0; i < sheet.Columns.Count; i++)
                w.WriteElement(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = sheet.Columns[i].Width, CustomWidth = true });
            w.WriteEndElement();
        }
        w.WriteStartElement(new SheetData());
        uint rowIndex = 1;
        if (sheet.Columns.Count > 0)
        {
            w.WriteStartElement(new Row { RowIndex = rowIndex });
            for (var i = 0; i < sheet.Columns.Count; i++)
                WriteText(w, Reference(i, rowIndex), sheet.Columns[i].Header, StyleHeader);
            w.WriteEndElement();
        }
        foreach (var values in sheet.Rows)
        {
            rowIndex++;
            w.WriteStartElement(new Row { RowIndex = rowIndex });
            for (var i = 0; i < values.Length; i++)
            {
                var format = i < sheet.Columns.Count ? sheet.Columns[i].Format : ExcelFormat.Text;
                WriteCell(w, Reference(i, rowIndex), values[i], format);
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        if (sheet.Columns.Count > 0)
            w.WriteElement(new AutoFilter { Reference = $"A1:{Reference(sheet.Columns.Count - 1, Math.Max(rowIndex, 1))}" });
        w.WriteEndElement();
    }

    private static void WriteCell(OpenXmlWriter w, string reference, object? value, ExcelFormat format)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                WriteText(w, reference, s, 0);
                return;
            case DateOnly d:
                WriteNumber(w, reference, d.ToDateTime(TimeOnly.MinValue).ToOADate(), format == ExcelFormat.DateTime ? StyleOf(format) : StyleOf(ExcelFormat.Date));
                return;
            case DateTime dt:
                WriteNumber(w, reference, dt.ToOADate(), format == ExcelFormat.Date ? StyleOf(format) : StyleOf(ExcelFormat.DateTime));
                return;
            case DateTimeOffset:
                throw new ArgumentException("Convert DateTimeOffset to the local (WIB) DateTime the reader should see.", nameof(value));
            case bool b:
                WriteText(w, reference, b ? "✓" : "", 0);
                return;
            case IConvertible c when value is long or int or short or double or decimal or float:
                WriteNumber(w, reference, c.ToDouble(CultureInfo.InvariantCulture), StyleOf(format));
                return;
            default:
                WriteText(w, reference, Convert.ToString(value, CultureInfo.CurrentCulture) ?? "", 0);
                return;
        }
    }

    private static void WriteNumber(OpenXmlWriter w, string reference, double number, uint style)
    {
        var cell = new Cell { CellReference = reference, StyleIndex = style == 0 ? null : style };
        w.WriteStartElement(cell);
        w.WriteElement(new CellValue(number.ToString("R", CultureInfo.InvariantCulture)));
        w.WriteEndElement();
    }

    private static void WriteText(OpenXmlWriter w, string reference, string text, uint style)
    {
        // Characters XML 1.0 cannot carry (control characters from user input) would make the file unreadable.
        var clean = new string(text.Where(c => c is '\t' or '\n' or '\r' || c >= ' ').ToArray());
        if (clean.Length > 32767) clean = clean[..32767];
        w.WriteStartElement(new Cell { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style == 0 ? null : style });
        w.WriteElement(new InlineString(new Text(clean) { Space = SpaceProcessingModeValues.Preserve }));
        w.WriteEndElement();
    }

    /// <summary>0, 1 → "A1"; 27, 5 → "AB5".</summary>
    public static string Reference(int column, uint row)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name + row.ToString(CultureInfo.InvariantCulture);
    }
}

public sealed class ExcelSheet(string name, IReadOnlyList<ExcelColumn> columns)
{
    public string Name { get; } = name;
    public IReadOnlyList<ExcelColumn> Columns { get; } = columns;
    internal List<object?[]> Rows { get; } = [];

    /// <summary>Values in column order: string, long/int/double/decimal, DateOnly, DateTime (already in WIB), bool, or null for an empty cell.</summary>
    public ExcelSheet AddRow(params object?[] values)
    {
        Rows.Add(values);
        return this;
    }
}
