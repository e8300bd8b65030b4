using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Budgets;

namespace Sigap.Tests.Modules.Budget.Setup;

/// <summary>The all-or-nothing budget import from .csv and .xlsx, on both databases.</summary>
public sealed class BudgetImportTests(DemoApp app)
{
    private const int Year = 2038;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return await client.PostAsync("/api/budget/budgets/import", form, Ct);
    }

    private Task<Dictionary<(int, int), long>> BudgetsAsync(params int[] clusters) => app.WithDbAsync(db =>
        db.Set<MonthlyBudget>().Where(b => clusters.Contains(b.ClusterId) && b.Year == Year).ToDictionaryAsync(b => (b.ClusterId, b.Month), b => b.Amount, Ct));

    [Fact]
    public async Task Csv_with_semicolons_bom_and_rupiah_formats_is_imported_then_updated()
    {
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        var csv = $"kode_cluster;tahun;bulan;anggaran\r\n{world.ClusterACode};{Year};1;Rp 28.488.600\r\n{world.ClusterBCode};{Year};1;28488600\r\n{world.ClusterACode};{Year};2;\"1.000.000\"\r\n";
        var response = await UploadAsync(admin, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "anggaran.csv");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var result = await response.Content.ReadFromJsonAsync<ImportResult>(Ct);
        result.Should().Be(new ImportResult(3, 3, 0, 0));
        (await BudgetsAsync(world.ClusterA, world.ClusterB)).Should().BeEquivalentTo(new Dictionary<(int, int), long>
        {
            [(world.ClusterA, 1)] = 28_488_600, [(world.ClusterB, 1)] = 28_488_600, [(world.ClusterA, 2)] = 1_000_000,
        });

        // English headers, commas, an unfilled template row: one update, one skipped.
        var again = $"cluster_code,year,month,amount\n{world.ClusterACode},{Year},1,30000000\n{world.ClusterBCode},{Year},3,\n";
        var second = await UploadAsync(admin, Encoding.UTF8.GetBytes(again), "b.csv");
        (await second.Content.ReadFromJsonAsync<ImportResult>(Ct)).Should().Be(new ImportResult(1, 0, 1, 1));
        (await BudgetsAsync(world.ClusterA))[(world.ClusterA, 1)].Should().Be(30_000_000);
        var audited = await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "budget.budget.set" && a.OrgUnitId == world.ClusterA, Ct));
        audited.Should().Be(3);
    }

    [Fact]
    public async Task Xlsx_is_imported_and_the_template_lists_the_callers_clusters()
    {
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);

        var template = await admin.GetAsync($"/api/budget/budgets/import/template.xlsx?year={Year}&month=4", Ct);
        template.StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = BudgetSheet.ReadXlsx(new MemoryStream(await template.Content.ReadAsByteArrayAsync(Ct))).Value!;
        rows[0].Cells.Should().Equal("kode_cluster", "tahun", "bulan", "anggaran");
        rows.Skip(1).Select(r => r.Cell(0)).Should().Equal(world.ClusterACode, world.ClusterBCode);
        (await (await app.ClientForAsync(world.RegionAdmin)).GetAsync("/api/budget/budgets/import/template.xlsx", Ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var xlsx = Sheet(["Cluster Code", "Year", "Month", "Amount"],
            [[world.ClusterACode, Year, 4, 12_500_000L], [world.ClusterBCode, Year, 4, "Rp 7.250.000"]]);
        var response = await UploadAsync(admin, xlsx, "budgets.bin");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        (await response.Content.ReadFromJsonAsync<ImportResult>(Ct)).Should().Be(new ImportResult(2, 2, 0, 0));
        var saved = await BudgetsAsync(world.ClusterA, world.ClusterB);
        saved[(world.ClusterA, 4)].Should().Be(12_500_000);
        saved[(world.ClusterB, 4)].Should().Be(7_250_000);
    }

    [Fact]
    public async Task A_file_with_bad_rows_reports_each_row_and_saves_nothing()
    {
        var world = await SetupWorld.CreateAsync(app);
        var admin = await app.ClientForAsync(world.AreaAdmin);
        (await admin.PostAsync($"/api/budget/months/{world.AreaId}/{Year}/12/close", null, Ct)).EnsureSuccessStatusCode();
        var lines = new[]
        {
            "kode_cluster;tahun;bulan;anggaran",
            $"{world.ClusterACode};{Year};5;1.000.000",     // 2: fine, but must not be saved
            $"NOPE-{world.Suffix};{Year};5;1000",           // 3: unknown code
            $"C-DPS;{Year};5;1000",                         // 4: another Area's cluster: "not found" too
            $"TB-{world.Suffix};{Year};5;1000",             // 5: a branch
            $"{world.ClusterBCode};1999;5;1000",            // 6: year
            $"{world.ClusterBCode};{Year};13;1000",         // 7: month
            $"{world.ClusterBCode};{Year};6;12,5",          // 8: not whole
            $"{world.ClusterBCode};{Year};7;-100",          // 9: negative
            $"{world.ClusterACode};{Year};5;2.000.000",     // 10: duplicate of row 2
            $"{world.ClusterBCode};{Year};12;1000",         // 11: closed month
        };
        var response = await UploadAsync(admin, Encoding.UTF8.GetBytes(string.Join("\n", lines)), "bad.csv");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("field").GetString(), r.GetProperty("message").GetString()!)).ToList();
        errors.Select(e => (e.Item1, e.Item2)).Should().Equal(
            (3, "clusterCode"), (4, "clusterCode"), (5, "clusterCode"), (6, "year"), (7, "month"), (8, "amount"), (9, "amount"), (10, "clusterCode"), (11, "month"));
        errors[1].Item3.Should().Be(errors[0].Item3.Replace($"NOPE-{world.Suffix}", "C-DPS"), "out of scope reads like unknown");
        errors[7].Item3.Should().Contain("2");
        (await BudgetsAsync(world.ClusterA, world.ClusterB)).Should().BeEmpty();

        var header = await UploadAsync(admin, Encoding.UTF8.GetBytes($"kode;tahun;anggaran\n{world.ClusterACode};{Year};1"), "h.csv");
        header.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await header.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows")[0].GetProperty("field").GetString().Should().Be("month");

        // Not a spreadsheet by content, whatever the name says.
        var png = await UploadAsync(admin, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], "budgets.csv");
        png.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await png.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("file", out _).Should().BeTrue();
        var html = await UploadAsync(admin, Encoding.UTF8.GetBytes("<html><body>kode_cluster,tahun</body></html>"), "x.csv");
        html.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var big = await UploadAsync(admin, Encoding.UTF8.GetBytes("kode_cluster,tahun,bulan,anggaran\n" + new string('x', 5 * 1024 * 1024)), "big.csv");
        big.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await UploadAsync(await app.ClientForAsync(world.RegionAdmin), Encoding.UTF8.GetBytes(string.Join("\n", lines[..2])), "r.csv"))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("28488600", 28_488_600L)]
    [InlineData("28.488.600", 28_488_600L)]
    [InlineData("Rp 28.488.600", 28_488_600L)]
    [InlineData("Rp28.488.600,00", 28_488_600L)]
    [InlineData("28,488,600", 28_488_600L)]
    [InlineData("0", 0L)]
    public void Rupiah_amounts_are_read_as_people_write_them(string text, long expected)
    {
        BudgetSheet.TryParseRupiah(text, out var amount).Should().BeTrue();
        amount.Should().Be(expected);
    }

    [Theory]
    [InlineData("-100")]
    [InlineData("12,5")]
    [InlineData("28.488.600,50")]
    [InlineData("28.488,600")]
    [InlineData("abc")]
    [InlineData("1.00.000")]
    public void Amounts_that_are_not_whole_rupiah_are_refused(string text) => BudgetSheet.TryParseRupiah(text, out _).Should().BeFalse();

    private static byte[] Sheet(string[] header, object[][] rows)
    {
        using var memory = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var part = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            part.Worksheet = new Worksheet(data);
            book.Workbook.AppendChild(new Sheets()).Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = 1, Name = "Sheet1" });
            // Shared strings, as Excel writes them.
            var strings = book.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            Cell Text(string s)
            {
                strings.SharedStringTable.AppendChild(new SharedStringItem(new Text(s)));
                return new Cell { DataType = CellValues.SharedString, CellValue = new CellValue((strings.SharedStringTable.Count() - 1).ToString()) };
            }
            data.Append(new Row(header.Select(Text)));
            foreach (var row in rows)
                data.Append(new Row(row.Select(v => v is string s ? Text(s) : new Cell { CellValue = new CellValue(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!) })));
            book.Workbook.Save();
        }
        return memory.ToArray();
    }

    [Fact]
    public async Task An_xlsx_that_unpacks_to_more_than_50_MB_is_refused_before_it_is_read()
    {
        // 64 MB of zeros deflate to well under the 5 MB upload limit: a "zip bomb" shaped like a workbook.
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var w = zip.CreateEntry("[Content_Types].xml").Open()) await w.WriteAsync("<Types/>"u8.ToArray(), Ct);
            await using (var w = zip.CreateEntry("xl/workbook.xml").Open()) await w.WriteAsync("<workbook/>"u8.ToArray(), Ct);
            await using (var w = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open())
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 64; i++) await w.WriteAsync(zeros, Ct);
            }
        }
        memory.Length.Should().BeLessThan(5 * 1024 * 1024);

        using var client = await app.ClientForAsync(Demo.Area);
        var response = await UploadAsync(client, memory.ToArray(), "bom.xlsx");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("errors").GetProperty("file")[0].GetString().Should().Contain("50 MB");
    }
}
