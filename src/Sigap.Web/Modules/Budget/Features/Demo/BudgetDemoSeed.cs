using Sigap.Web.Platform.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Contracts;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Demo;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Notifications;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Demo;

/// <summary>
/// Budget demo data (demo mode only, run once by the platform's DemoSeeder): the A3 categories, twelve months of budgets and
/// recommendations for every demo cluster up to this month, and usage reports with generated evidence photos (real stored
/// files), mostly approved in past months, a few rejected, pending in this month; roll-ups kept through <see cref="UsageTotals"/>.
/// </summary>
internal sealed class BudgetDemoSeed(FileService files, Notifier notifier, UserManager<SigapUser> users, TimeProvider clock, ILogger<BudgetDemoSeed> log) : IDemoSeed
{
    /// <summary>One demo login per Budget role (password <see cref="DemoSeeder.Password"/>), on the demo tree's units.</summary>
    public static readonly (string Email, string First, string Last, Role Role, string Unit)[] Users =
    [
        ("area@demo.sigap.id", "Admin", "Area 3", BudgetRoles.AreaAdmin, "A3"),
        ("region.jatim@demo.sigap.id", "Admin", "Region Jatim", BudgetRoles.RegionAdmin, "R-JATIM"),
        ("region.balnus@demo.sigap.id", "Admin", "Region Balnus", BudgetRoles.RegionAdmin, "R-BALNUS"),
        ("branch.sby@demo.sigap.id", "Manajer", "Branch Surabaya", BudgetRoles.BranchManager, "B-SBY"),
        ("mcot.jatim@demo.sigap.id", "MCOT", "Jatim", BudgetRoles.Mcot, "R-JATIM"),
        ("gm.jatim@demo.sigap.id", "GM SBP", "Jatim", BudgetRoles.GmSbp, "R-JATIM"),
        ("cluster.sbytim@demo.sigap.id", "Cluster", "Surabaya Timur", BudgetRoles.ClusterUser, "C-SBY-TIM"),
        ("cluster.dps@demo.sigap.id", "Cluster", "Denpasar", BudgetRoles.ClusterUser, "C-DPS"),
    ];

    public static readonly (string Code, string Name, int Weight)[] Categories =
    [
        ("AKU", "Akuisisi", 30), ("OUT", "Outlet", 22), ("SF", "Sales Force", 20), ("CB", "CB Program", 15), ("REG", "Region (CVM & SO)", 13),
    ];

    private static readonly string[] Descriptions =
    [
        "Booth akuisisi pelanggan di {0}", "Materi promosi outlet (spanduk, poster) {0}", "Insentif sales force minggu ini, {0}",
        "Hadiah program CB pelanggan setia {0}", "Kegiatan CVM dan sales operation {0}", "Sewa tenda dan sound system roadshow {0}",
        "Cetak brosur dan flyer paket data {0}", "Konsumsi briefing tim sales {0}", "Transport kunjungan outlet {0}",
    ];

    private static readonly string[] RejectReasons =
    [
        "Foto nota tidak terbaca, mohon unggah ulang.", "Nominal tidak sesuai dengan nota.", "Kegiatan bukan untuk kategori ini.",
    ];

    private static readonly TimeSpan Wib = JakartaTime.Offset;

    public async Task SeedAsync(SigapDb db, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var area = await db.OrgUnits.FirstOrDefaultAsync(u => u.Code == "A3", ct);
        if (area is null || await db.Set<SpendingCategory>().AnyAsync(c => c.AreaId == area.Id, ct)) return;
        foreach (var (email, first, last, role, unit) in Users)
            await DemoSeeder.AddUserAsync(db, users, email, first, last, role, unit, clock.GetUtcNow(), ct);

        var categories = Categories.Select((c, i) => new SpendingCategory { AreaId = area.Id, Code = c.Code, Name = c.Name, SortOrder = (i + 1) * 10 }).ToList();
        db.AddRange(categories);
        db.Add(new BudgetAreaSettings { AreaId = area.Id, OverspendPolicy = OverspendPolicy.Warn });
        await db.SaveChangesAsync(ct);

        var clusters = await db.OrgUnits.AsNoTracking().Where(ScopeQueries.Under(area.Path)).Where(u => u.Kind == OrgUnitKind.Cluster).OrderBy(u => u.Path).ToListAsync(ct);
        var grants = await db.RoleAssignments.AsNoTracking().ToListAsync(ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToOffset(Wib).DateTime);
        var admin = grants.FirstOrDefault(g => g.Role == BudgetRoles.AreaAdmin)?.UserId ?? grants.First().UserId;

        var images = Enumerable.Range(0, 12).Select(Photo).ToArray();
        var plans = new List<(UsageReport Report, int Images, Guid Reviewer)>();
        foreach (var cluster in clusters)
        {
            var random = new Random(cluster.Id * 7919);
            var path = OrgScope.PathIds(cluster.Path);
            // Reviewed by the MCOT of the region when there is one, else the region admin; submitted by the cluster's own user
            // (or, for a cluster without one, the nearest other user above it).
            var reviewer = Nearest(grants, path, BudgetRoles.Mcot) ?? Nearest(grants, path, BudgetRoles.RegionAdmin) ?? admin;
            var submitter = Nearest(grants, path, BudgetRoles.ClusterUser)
                ?? Nearest(grants, path, BudgetRoles.BranchManager, BudgetRoles.RegionAdmin, BudgetRoles.Mcot, BudgetRoles.AreaAdmin, except: reviewer) ?? admin;

            for (var back = 11; back >= 0; back--)
            {
                var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-back);
                var budget = random.Next(250, 601) * 100_000L; // Rp 25–60 juta
                db.Add(new MonthlyBudget { ClusterId = cluster.Id, Year = first.Year, Month = first.Month, Amount = budget, UpdatedAt = now, UpdatedBy = admin });
                var weights = Categories.Select(c => c.Weight * (0.8 + random.NextDouble() * 0.4)).ToArray();
                var split = weights.Select(w => (long)(budget * w / weights.Sum() / 1000) * 1000).ToArray();
                split[0] += budget - split.Sum();
                for (var i = 0; i < categories.Count; i++)
                    db.Add(new Recommendation { ClusterId = cluster.Id, Year = first.Year, Month = first.Month, CategoryId = categories[i].Id, Amount = split[i], UpdatedAt = now, UpdatedBy = reviewer });

                var current = back == 0;
                var lastDay = current ? today.Day : DateTime.DaysInMonth(first.Year, first.Month);
                var count = random.Next(3, 9);
                var days = Enumerable.Range(0, count).Select(_ => random.Next(1, lastDay + 1)).Order().ToList();
                foreach (var day in days)
                {
                    var c = random.Next(categories.Count);
                    var date = new DateOnly(first.Year, first.Month, day);
                    var submittedAt = new DateTimeOffset(date.ToDateTime(new TimeOnly(random.Next(8, 18), random.Next(60))), Wib).ToUniversalTime();
                    if (submittedAt > now) submittedAt = now.AddMinutes(-random.Next(5, 120));
                    var status = current ? (random.Next(4) == 0 ? ReportStatus.Approved : ReportStatus.Pending)
                        : random.Next(10) == 0 ? ReportStatus.Rejected : ReportStatus.Approved;
                    var reviewedAt = submittedAt.AddHours(random.Next(2, 60));
                    if (reviewedAt > now) reviewedAt = now;
                    var report = new UsageReport
                    {
                        ClusterId = cluster.Id, CategoryId = categories[c].Id, SpendDate = date, Year = date.Year, Month = date.Month,
                        // Together the reports of a month use roughly 60–95 % of each recommendation.
                        Amount = Math.Max(50_000, (long)(split[c] * (0.6 + random.NextDouble() * 0.35) / Math.Max(1, count / 2.0) / 1000) * 1000),
                        Description = string.Format(Descriptions[random.Next(Descriptions.Length)], cluster.Name.Replace("SBP ", "")),
                        Status = status, SubmittedBy = submitter, SubmittedAt = submittedAt,
                        ReviewedBy = status == ReportStatus.Pending ? null : reviewer,
                        ReviewedAt = status == ReportStatus.Pending ? null : reviewedAt,
                        RejectReason = status == ReportStatus.Rejected ? RejectReasons[random.Next(RejectReasons.Length)] : null,
                    };
                    plans.Add((report, random.Next(1, 4), reviewer));
                }
            }
        }

        var imageIndex = 0;
        var rules = new FileRules(FileKind.Png, files.DefaultMaxUploadBytes);
        foreach (var (report, count, _) in plans)
        {
            var uploads = Enumerable.Range(0, count).Select(i => new FileUpload($"evidence-{report.SpendDate:yyyyMMdd}-{i + 1}.png", 0,
                () => new MemoryStream(images[imageIndex++ % images.Length], writable: false)));
            var stored = await files.AttachAsync(db, uploads, rules, "files", report.SubmittedBy, report.ClusterId, ct);
            report.Evidence = stored.Value!.Select((f, i) => new UsageEvidence { FileId = f.Id, SortOrder = i }).ToList();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.AddRange(plans.Select(p => p.Report));
        await db.SaveChangesAsync(ct);
        var names = clusters.ToDictionary(u => u.Id, u => u.Name);
        foreach (var (report, _, reviewer) in plans)
        {
            await UsageTotals.MoveAsync(db, report, null, report.Status, ct);
            // What the bell of the reviewer shows for this month's open reports.
            if (report.Status == ReportStatus.Pending)
                notifier.Notify(db, reviewer, $"Laporan penggunaan baru: {names[report.ClusterId]}",
                    $"{categories.First(k => k.Id == report.CategoryId).Name} • {Money.Rupiah(report.Amount)} • {report.SpendDate:dd/MM/yyyy}",
                    $"/budget/review?report={report.Id}");
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded budget demo data: {Clusters} clusters, {Reports} reports, {Files} evidence files in {Ms} ms",
            clusters.Count, plans.Count, plans.Sum(p => p.Images), (int)clock.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The user holding one of the roles on the unit closest to the cluster (the cluster itself first).</summary>
    private static Guid? Nearest(List<RoleAssignment> grants, int[] path, params Role[] roles) => Nearest(grants, path, roles, null);

    private static Guid? Nearest(List<RoleAssignment> grants, int[] path, Role r1, Role r2, Role r3, Role r4, Guid except) =>
        Nearest(grants, path, [r1, r2, r3, r4], except);

    private static Guid? Nearest(List<RoleAssignment> grants, int[] path, Role[] roles, Guid? except)
    {
        foreach (var unitId in path.Reverse())
            if (grants.FirstOrDefault(g => g.OrgUnitId == unitId && roles.Contains(g.Role) && g.UserId != except) is { } g) return g.UserId;
        return null;
    }

    /// <summary>A small "photo": a 320×240 PNG with a colour gradient, a receipt-like white block and stripes, different per index.</summary>
    internal static byte[] Photo(int index)
    {
        const int width = 320, height = 240;
        var hue = index * 360.0 / 12;
        var (r0, g0, b0) = Hsv(hue, 0.55, 0.85);
        var (r1, g1, b1) = Hsv((hue + 40) % 360, 0.7, 0.55);
        return Png.Rgb(width, height, (x, y) =>
        {
            var t = (x + y) / (double)(width + height);
            var inReceipt = x > 90 + index % 4 * 10 && x < 230 && y > 30 && y < 210;
            if (!inReceipt) return ((byte)(r0 + (r1 - r0) * t), (byte)(g0 + (g1 - g0) * t), (byte)(b0 + (b1 - b0) * t));
            var line = (y - 40) % 16 < 4 && y > 40 && y < 200 && x > 105 + index % 4 * 10 && x < 215 - (y * 7 + index * 13) % 50;
            return line ? ((byte)70, (byte)70, (byte)80) : ((byte)250, (byte)250, (byte)245);
        });
    }

    private static (byte R, byte G, byte B) Hsv(double h, double s, double v)
    {
        var c = v * s;
        var x = c * (1 - Math.Abs(h / 60 % 2 - 1));
        var m = v - c;
        var (r, g, b) = h switch { < 60 => (c, x, 0.0), < 120 => (x, c, 0.0), < 180 => (0.0, c, x), < 240 => (0.0, x, c), < 300 => (x, 0.0, c), _ => (c, 0.0, x) };
        return ((byte)((r + m) * 255), (byte)((g + m) * 255), (byte)((b + m) * 255));
    }
}
