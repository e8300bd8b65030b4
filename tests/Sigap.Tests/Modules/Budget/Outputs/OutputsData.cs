using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Reports;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Modules.Budget.Outputs;

/// <summary>What a test seeded: its categories and reports, to compare the outputs with.</summary>
internal sealed record SeededReport(long Id, string ClusterCode, string Category, long Amount, ReportStatus Status, int Images, int Pdfs, string Description);

internal sealed record OutputsSeed(int Year, int Month, string[] Categories, IReadOnlyList<SeededReport> Reports,
    IReadOnlyDictionary<string, long> Budgets, IReadOnlyDictionary<(string Cluster, string Category), long> Recommended)
{
    public IEnumerable<SeededReport> Approved(params string[] clusters) =>
        Reports.Where(r => r.Status == ReportStatus.Approved && clusters.Contains(r.ClusterCode));
}

/// <summary>
/// Budget data for one period of the two Surabaya clusters, as the other slices would leave it: categories of the Area,
/// budgets, recommendations, reports inserted directly with their roll-ups (UsageTotals) and evidence stored through FileService.
/// </summary>
internal static class OutputsData
{
    public static async Task<OutputsSeed> SeedAsync(SigapFactory app, int year, int month)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SigapDb>();
        var files = scope.ServiceProvider.GetRequiredService<FileService>();
        var area = await db.OrgUnits.SingleAsync(u => u.Code == "A3", ct);
        var clusters = await db.OrgUnits.Where(u => u.Code == "C-SBY-TIM" || u.Code == "C-SBY-BAR").ToDictionaryAsync(u => u.Code, ct);
        var submitter = await db.Users.Where(u => u.Email == Demo.ClusterSbyTim).Select(u => u.Id).SingleAsync(ct);
        var reviewer = await db.Users.Where(u => u.Email == Demo.McotJatim).Select(u => u.Id).SingleAsync(ct);
        var suffix = Guid.NewGuid().ToString("N")[..6];

        var categories = new[] { $"Akuisisi {suffix}", $"Outlet {suffix}" }
            .Select((name, i) => new SpendingCategory { AreaId = area.Id, Code = $"O{i}{suffix}", Name = name, SortOrder = 900 + i }).ToArray();
        db.AddRange(categories);
        var now = app.Clock.GetUtcNow();
        var budgets = new Dictionary<string, long> { ["C-SBY-TIM"] = 10_000_000, ["C-SBY-BAR"] = 8_000_000 };
        foreach (var (code, amount) in budgets)
            db.Add(new MonthlyBudget { ClusterId = clusters[code].Id, Year = year, Month = month, Amount = amount, UpdatedAt = now, UpdatedBy = reviewer });
        await db.SaveChangesAsync(ct);
        var recommended = new Dictionary<(string, string), long>
        {
            [("C-SBY-TIM", categories[0].Name)] = 6_000_000, [("C-SBY-TIM", categories[1].Name)] = 4_000_000,
            [("C-SBY-BAR", categories[0].Name)] = 5_000_000, [("C-SBY-BAR", categories[1].Name)] = 3_000_000,
        };
        foreach (var ((code, category), amount) in recommended)
            db.Add(new Recommendation
            {
                ClusterId = clusters[code].Id, Year = year, Month = month, CategoryId = categories.Single(c => c.Name == category).Id,
                Amount = amount, UpdatedAt = now, UpdatedBy = reviewer,
            });
        await db.SaveChangesAsync(ct);

        // cluster, category, amount, status, images, pdfs
        var plan = new (string Cluster, int Category, long Amount, ReportStatus Status, int Images, int Pdfs)[]
        {
            ("C-SBY-TIM", 0, 1_250_000, ReportStatus.Approved, 2, 0),
            ("C-SBY-TIM", 1, 730_500, ReportStatus.Approved, 1, 1),
            ("C-SBY-TIM", 0, 99_000, ReportStatus.Pending, 1, 0),
            ("C-SBY-TIM", 1, 55_000, ReportStatus.Rejected, 1, 0),
            ("C-SBY-BAR", 0, 2_100_000, ReportStatus.Approved, 1, 0),
            ("C-SBY-BAR", 1, 444_000, ReportStatus.Pending, 2, 0),
        };
        var seeded = new List<SeededReport>();
        var random = new Random(year * 100 + month);
        var day = 3;
        foreach (var p in plan)
        {
            var cluster = clusters[p.Cluster];
            var category = categories[p.Category];
            var date = new DateOnly(year, month, day++);
            var report = new UsageReport
            {
                ClusterId = cluster.Id, CategoryId = category.Id, Amount = p.Amount, SpendDate = date, Year = year, Month = month,
                Description = $"Kegiatan <b>{p.Cluster}</b> & mitra {suffix}-{day}", Status = p.Status,
                SubmittedBy = submitter, SubmittedAt = now.AddDays(-2),
                ReviewedBy = p.Status == ReportStatus.Pending ? null : reviewer, ReviewedAt = p.Status == ReportStatus.Pending ? null : now.AddDays(-1),
                RejectReason = p.Status == ReportStatus.Rejected ? "Bukti kurang jelas" : null,
            };
            var rules = new FileRules(FileKind.ImagesAndPdf, 10 << 20);
            var uploads = Enumerable.Range(0, p.Images).Select(i =>
                {
                    var png = TestImages.Png(160 + random.Next(80), 100 + random.Next(60), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                    return new FileUpload($"bukti-{day}-{i}.png", png.Length, () => new MemoryStream(png));
                }).ToList()
                .Concat(Enumerable.Range(0, p.Pdfs).Select(_ => new FileUpload($"kwitansi-{suffix}.pdf", 0, () => new MemoryStream(TestImages.Pdf()))));
            var stored = await files.AttachAsync(db, uploads, rules, "files", submitter, cluster.Id, ct);
            report.Evidence = stored.Value!.Select((f, i) => new UsageEvidence { FileId = f.Id, SortOrder = i }).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Add(report);
            await db.SaveChangesAsync(ct);
            await UsageTotals.MoveAsync(db, report, null, p.Status, ct);
            await tx.CommitAsync(ct);
            seeded.Add(new SeededReport(report.Id, p.Cluster, category.Name, p.Amount, p.Status, p.Images, p.Pdfs, report.Description));
        }
        return new OutputsSeed(year, month, categories.Select(c => c.Name).ToArray(), seeded, budgets, recommended);
    }

    public static Task<int> UnitIdAsync(SigapFactory app, string code) =>
        app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());
}
