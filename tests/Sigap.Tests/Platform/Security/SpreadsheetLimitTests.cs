using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Reports;

namespace Sigap.Tests.Platform.Security;

/// <summary>Hand-made .xlsx packages: the XML of each part is written as is, so a test can claim what a real file never would.</summary>
internal static class RawXlsx
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rels = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string Doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>A workbook with one sheet whose content (inside &lt;worksheet&gt;) is <paramref name="sheet"/>, and optional shared strings.</summary>
    public static byte[] Build(string sheet, string? sharedStrings = null, bool withWorkbook = true, string? rawSheet = null)
    {
        var entries = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>",
            ["_rels/.rels"] = $"<Relationships xmlns=\"{Rels}\"><Relationship Id=\"rId1\" Type=\"{Doc}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
            ["xl/_rels/workbook.xml.rels"] = $"<Relationships xmlns=\"{Rels}\"><Relationship Id=\"rId1\" Type=\"{Doc}/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (sharedStrings is null ? "" : $"<Relationship Id=\"rId2\" Type=\"{Doc}/sharedStrings\" Target=\"sharedStrings.xml\"/>") + "</Relationships>",
            ["xl/worksheets/sheet1.xml"] = rawSheet ?? $"<worksheet xmlns=\"{Main}\">{sheet}</worksheet>",
        };
        if (withWorkbook)
            entries["xl/workbook.xml"] = $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Doc}\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
        if (sharedStrings is not null) entries["xl/sharedStrings.xml"] = sharedStrings.Replace("MAIN", Main);
        var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, xml) in entries)
                using (var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false)))
                    writer.Write(xml);
        return memory.ToArray();
    }

    public static string Cell(string reference, string value) => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{value}</t></is></c>";
}

/// <summary>The platform's spreadsheet reader refuses what a sheet claims past its limits before allocating for it.</summary>
public sealed class SpreadsheetReaderTests
{
    private static string[] FileErrors(byte[] xlsx, SpreadsheetLimits? limits = null)
    {
        var outcome = SpreadsheetReader.ReadFirstSheet(new MemoryStream(xlsx), limits);
        outcome.Ok.Should().BeFalse();
        outcome.Error!.Errors.Should().ContainKey("file");
        return outcome.Error.Errors!["file"];
    }

    [Fact]
    public void A_plain_sheet_is_read_with_gaps_filled()
    {
        var xlsx = RawXlsx.Build($"<sheetData><row r=\"1\">{RawXlsx.Cell("A1", "kode")}{RawXlsx.Cell("C1", "x")}</row><row r=\"3\"><c r=\"B3\"><v>2.84886E+7</v></c></row></sheetData>");
        var rows = SpreadsheetReader.ReadFirstSheet(new MemoryStream(xlsx)).Value!;
        rows.Select(r => r.Number).Should().Equal(1, 3);
        rows[0].Cells.Should().Equal("kode", "", "x");
        rows[1].Cells.Should().Equal("", "28488600");
    }

    [Fact]
    public void One_cell_at_column_ZZZZZ_is_refused_naming_the_column()
    {
        var xlsx = RawXlsx.Build($"<sheetData><row r=\"1\">{RawXlsx.Cell("ZZZZZ1", "far")}</row></sheetData>");
        xlsx.Length.Should().BeLessThan(2048, "a tiny file");
        FileErrors(xlsx).Single().Should().Contain("ZZZZZ").And.Contain("100");
    }

    [Fact]
    public void A_column_just_past_the_limit_is_refused_and_one_within_is_read()
    {
        var limits = new SpreadsheetLimits(MaxColumns: 3);
        FileErrors(RawXlsx.Build($"<sheetData><row r=\"1\">{RawXlsx.Cell("D1", "x")}</row></sheetData>"), limits).Single().Should().Contain("D");
        SpreadsheetReader.ReadFirstSheet(new MemoryStream(RawXlsx.Build($"<sheetData><row r=\"1\">{RawXlsx.Cell("C1", "x")}</row></sheetData>")), limits)
            .Value!.Single().Cells.Should().HaveCount(3);
        // Cells without references count too.
        FileErrors(RawXlsx.Build("<sheetData><row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c></row></sheetData>"), limits);
    }

    [Fact]
    public void Row_1048576_or_more_rows_than_the_limit_are_refused()
    {
        FileErrors(RawXlsx.Build($"<sheetData><row r=\"1048576\">{RawXlsx.Cell("A1048576", "x")}</row></sheetData>")).Single().Should().Contain("1048576");
        var three = string.Concat(Enumerable.Range(1, 3).Select(i => $"<row><c><v>{i}</v></c></row>"));
        FileErrors(RawXlsx.Build($"<sheetData>{three}</sheetData>"), new SpreadsheetLimits(MaxRows: 2));
    }

    [Fact]
    public void A_dimension_claiming_a_huge_range_is_refused()
    {
        FileErrors(RawXlsx.Build($"<dimension ref=\"A1:ZZZZZ1048576\"/><sheetData><row r=\"1\">{RawXlsx.Cell("A1", "x")}</row></sheetData>"))
            .Single().Should().Contain("ZZZZZ");
    }

    [Fact]
    public void Shared_strings_past_the_limit_are_refused_by_their_claimed_count_and_by_their_real_count()
    {
        var sheet = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData>";
        FileErrors(RawXlsx.Build(sheet, "<sst xmlns=\"MAIN\" count=\"5000000\" uniqueCount=\"5000000\"><si><t>a</t></si></sst>")).Single().Should().Contain("5000000");
        var many = string.Concat(Enumerable.Range(0, 11).Select(i => $"<si><t>s{i}</t></si>"));
        FileErrors(RawXlsx.Build(sheet, $"<sst xmlns=\"MAIN\">{many}</sst>"), new SpreadsheetLimits(MaxSharedStrings: 10));
        SpreadsheetReader.ReadFirstSheet(new MemoryStream(RawXlsx.Build(sheet, $"<sst xmlns=\"MAIN\">{many}</sst>")), new SpreadsheetLimits(MaxSharedStrings: 11))
            .Value!.Single().Cells.Should().Equal("s0");
    }

    [Fact]
    public void Structurally_broken_packages_are_refused_not_thrown()
    {
        FileErrors(RawXlsx.Build("", rawSheet: "<worksheet><sheetData><row><c><v>1</v></row></sheetData>")); // garbage XML
        FileErrors(RawXlsx.Build("<sheetData/>", withWorkbook: false)); // no workbook part
        FileErrors(Encoding.ASCII.GetBytes("PK\u0003\u0004 not a zip at all"));
        var notXlsx = new MemoryStream();
        using (var zip = new ZipArchive(notXlsx, ZipArchiveMode.Create, leaveOpen: true))
            using (var w = new StreamWriter(zip.CreateEntry("readme.txt").Open())) w.Write("hello");
        FileErrors(notXlsx.ToArray());
    }
}

/// <summary>Through the budget import: the refusal is a 400 on "file" that says what was wrong, and nothing is saved.</summary>
public sealed class SpreadsheetImportLimitTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> ImportAsync(byte[] xlsx)
    {
        using var client = await app.ClientForAsync(Demo.Area);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "anggaran.xlsx");
        var response = await client.PostAsync("/api/budget/budgets/import", form, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Ct));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    [Fact]
    public async Task A_tiny_xlsx_with_a_cell_at_ZZZZZ_is_a_400_naming_the_column()
    {
        var problem = await ImportAsync(RawXlsx.Build($"<sheetData><row r=\"1\">{RawXlsx.Cell("A1", "kode_cluster")}{RawXlsx.Cell("ZZZZZ1", "x")}</row></sheetData>"));
        problem.GetProperty("errors").GetProperty("file")[0].GetString().Should().Contain("column ZZZZZ");
    }

    [Fact]
    public async Task A_sheet_with_garbage_xml_is_a_400_on_file()
    {
        var problem = await ImportAsync(RawXlsx.Build("", rawSheet: "<worksheet><sheetData><row>"));
        problem.GetProperty("errors").GetProperty("file")[0].GetString().Should().NotBeNullOrEmpty();
    }
}
