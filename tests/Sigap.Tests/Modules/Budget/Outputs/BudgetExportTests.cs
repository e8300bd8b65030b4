using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FluentAssertions;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Modules.Budget.Domain;

namespace Sigap.Tests.Modules.Budget.Outputs;

/// <summary>GET /api/budget/export/{unitId}/{year}/{month}.xlsx, opened again with OpenXml, on demo data of its own.</summary>
public sealed class BudgetExportTests(OwnDemoApp<BudgetExportTests> app) : IClassFixture<OwnDemoApp<BudgetExportTests>>
{
    private const int Year = 2036;
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task Branch_export_has_the_three_sheets_with_the_figures()
    {
        var seed = await OutputsData.SeedAsync(app, Year, 3);
        var branch = await OutputsData.UnitIdAsync(app, "B-SBY");
        using var client = await app.ClientForAsync(Demo.McotJatim);

        var response = await client.GetAsync($"/api/budget/export/{branch}/{Year}/3.xlsx", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        response.Content.Headers.ContentType!.MediaType.Should().Be(XlsxType);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be($"anggaran-B-SBY-{Year}-03.xlsx");
        var book = Read(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        book.Keys.Should().Equal("Ringkasan", "Kategori", "Laporan");

        var summary = book["Ringkasan"];
        summary[0].Should().Equal("Kode", "Nama Cluster", "Anggaran", "Rekomendasi", "Terpakai (disetujui)", "Menunggu", "Sisa", "% Terpakai");
        var tim = summary.Single(r => r[0] == "C-SBY-TIM");
        tim.Skip(1).Take(7).Should().Equal("SBP Surabaya Timur", "10000000", "10000000", "1980500", "99000", "8019500", "0.19805");
        var bar = summary.Single(r => r[0] == "C-SBY-BAR");
        bar.Skip(2).Take(5).Should().Equal("8000000", "8000000", "2100000", "444000", "5900000");
        summary.Last().Skip(2).Take(5).Should().Equal("18000000", "18000000", "4080500", "543000", "13919500");

        var categories = book["Kategori"];
        categories[0].Should().Equal("Kode", "Nama Cluster", "Kategori", "Rekomendasi", "Terpakai (disetujui)", "Menunggu", "Sisa", "% Terpakai");
        categories.Single(r => r[0] == "C-SBY-TIM" && r[2] == seed.Categories[0]).Skip(3).Take(3).Should().Equal("6000000", "1250000", "99000");
        categories.Single(r => r[0] == "C-SBY-TIM" && r[2] == seed.Categories[1]).Skip(3).Take(3).Should().Equal("4000000", "730500", "0");
        categories.Single(r => r[0] == "C-SBY-BAR" && r[2] == seed.Categories[1]).Skip(3).Take(3).Should().Equal("3000000", "0", "444000");

        var reports = book["Laporan"];
        reports[0].Should().StartWith(["No. Laporan", "Cluster", "Nama Cluster", "Kategori", "Tanggal", "Jumlah", "Status", "Keterangan",
            "Diajukan oleh", "Diajukan pada", "Ditinjau oleh", "Ditinjau pada", "Alasan penolakan", "Jumlah bukti"]);
        reports.Skip(1).Select(r => long.Parse(r[0])).Should().BeEquivalentTo(seed.Reports.Select(r => r.Id));
        foreach (var s in seed.Reports)
        {
            var row = reports.Single(r => r[0] == s.Id.ToString());
            row[1].Should().Be(s.ClusterCode);
            row[3].Should().Be(s.Category);
            row[5].Should().Be(s.Amount.ToString());
            row[6].Should().Be(s.Status switch { ReportStatus.Approved => "Disetujui", ReportStatus.Pending => "Menunggu", _ => "Ditolak" });
            row[7].Should().Be(s.Description);
            row[8].Should().Be("Cluster Surabaya Timur");
            row[10].Should().Be(s.Status == ReportStatus.Pending ? "" : "MCOT Jatim");
            row[12].Should().Be(s.Status == ReportStatus.Rejected ? "Bukti kurang jelas" : "");
            row[13].Should().Be((s.Images + s.Pdfs).ToString());
        }
    }

    [Fact]
    public async Task Cluster_export_covers_only_that_cluster()
    {
        var seed = await OutputsData.SeedAsync(app, Year, 4);
        var cluster = await OutputsData.UnitIdAsync(app, "C-SBY-BAR");
        using var client = await app.ClientForAsync(Demo.BranchSby);

        var response = await client.GetAsync($"/api/budget/export/{cluster}/{Year}/4.xlsx", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var book = Read(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        book["Ringkasan"].Skip(1).Select(r => r[0]).Should().Equal("C-SBY-BAR", "Total");
        book["Laporan"].Skip(1).Select(r => long.Parse(r[0])).Should().BeEquivalentTo(seed.Reports.Where(r => r.ClusterCode == "C-SBY-BAR").Select(r => r.Id));
    }

    [Fact]
    public async Task Read_only_roles_may_not_export()
    {
        var branch = await OutputsData.UnitIdAsync(app, "B-SBY");
        using var gm = await app.ClientForAsync(Demo.GmJatim);
        (await gm.GetAsync($"/api/budget/export/{branch}/{Year}/3.xlsx", TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var clusterUser = await app.ClientForAsync(Demo.ClusterSbyTim);
        (await clusterUser.GetAsync($"/api/budget/export/{branch}/{Year}/3.xlsx", TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Units_outside_the_callers_scope_answer_404()
    {
        var branch = await OutputsData.UnitIdAsync(app, "B-SBY");
        using var balnus = await app.ClientForAsync(Demo.RegionBalnus);
        (await balnus.GetAsync($"/api/budget/export/{branch}/{Year}/3.xlsx", TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        var region = await OutputsData.UnitIdAsync(app, "R-JATIM");
        using var branchManager = await app.ClientForAsync(Demo.BranchSby);
        (await branchManager.GetAsync($"/api/budget/export/{region}/{Year}/3.xlsx", TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.NotFound, "a branch manager sees below the branch, not the region");
    }

    /// <summary>Every sheet as rows of cell texts (numbers as stored, in invariant form), in workbook order.</summary>
    private static Dictionary<string, List<string[]>> Read(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        // What Excel would complain about when opening the file.
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").Should().BeEmpty();
        var workbook = doc.WorkbookPart!;
        var result = new Dictionary<string, List<string[]>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var rows = new List<string[]>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference!);
                    while (cells.Count < column) cells.Add("");
                    cells.Add(cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "");
                }
                rows.Add(cells.ToArray());
            }
            result[sheet.Name!] = rows;
        }
        return result;
    }

    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter)) n = n * 26 + (c - 'A' + 1);
        return n - 1;
    }
}
