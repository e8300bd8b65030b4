using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Outputs;

internal sealed record CategoryLine(string Name, long Recommended, long Approved);

internal sealed record EvidenceLine(string FileName, string ContentType, string? DataUri, string? Note);

internal sealed record ReportLine(long Id, string ClusterCode, string ClusterName, string Category, DateOnly SpendDate, long Amount,
    string Description, string Submitter, string? Approver, DateTimeOffset? ReviewedAt, IReadOnlyList<EvidenceLine> Evidence);

internal sealed record AccountabilityData(OrgUnit Unit, int Year, int Month, string GeneratedBy, DateTimeOffset GeneratedAt, int ClusterCount,
    long Budget, IReadOnlyList<CategoryLine> Categories, IReadOnlyList<ReportLine> Reports);

/// <summary>A unit and period the caller may see: the common first step of both outputs.</summary>
internal sealed record OutputPeriod(OrgUnit Unit, int Year, int Month)
{
    /// <summary>The clusters of the unit's subtree (the unit itself when it is a cluster), as a query to nest in SQL.</summary>
    public IQueryable<int> ClusterIds(SigapDb db) =>
        db.OrgUnits.Where(ScopeQueries.Under(Unit.Path)).Where(u => u.Kind == OrgUnitKind.Cluster).Select(u => u.Id);

    /// <summary>For file names: the code without anything a header or file system could trip on.</summary>
    public string FileStem => $"{new string(Unit.Code.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray())}-{Year:D4}-{Month:D2}";

    public static async Task<Outcome<OutputPeriod>> ResolveAsync(SigapDb db, UserScope scope, int unitId, int year, int month, Role[] roles, CancellationToken ct)
    {
        var check = new Check();
        check.Period(year, month);
        if (check.Failed) return Failure.Invalid(check);
        var unit = await BudgetUnits.VisibleAsync(db, scope, unitId, roles, ct);
        return unit is null ? Failure.NotFound : new OutputPeriod(unit, year, month);
    }
}

/// <summary>Gathers the accountability report: the period's figures per category and every approved report with its evidence.</summary>
internal sealed class AccountabilityReport(FileService files, IConfiguration config, TimeProvider clock)
{
    private static readonly HashSet<string> ImageTypes = ["image/jpeg", "image/png", "image/webp"];

    /// <summary>All images together stay under this, so a month with thousands of photos still renders; the rest are listed by name.</summary>
    private long MaxImageBytes => config.GetValue("Reports:MaxImageBytes", 40L * 1024 * 1024);

    public async Task<Outcome<AccountabilityData>> LoadAsync(SigapDb db, UserScope scope, int unitId, int year, int month, CancellationToken ct)
    {
        var resolved = await OutputPeriod.ResolveAsync(db, scope, unitId, year, month, BudgetModule.ReadRoles, ct);
        if (resolved.Value is not { } p) return resolved.Error!;
        var clusters = p.ClusterIds(db);

        var clusterCount = await clusters.CountAsync(ct);
        var budget = await db.Set<MonthlyBudget>().Where(b => b.Year == year && b.Month == month && clusters.Contains(b.ClusterId))
            .SumAsync(b => (long?)b.Amount, ct) ?? 0;
        var recommended = await db.Set<Recommendation>().Where(r => r.Year == year && r.Month == month && clusters.Contains(r.ClusterId))
            .GroupBy(r => r.CategoryId).Select(g => new { g.Key, Sum = g.Sum(r => r.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum, ct);
        var approved = await db.Set<UsageMonthlyTotal>().Where(t => t.Year == year && t.Month == month && clusters.Contains(t.ClusterId))
            .GroupBy(t => t.CategoryId).Select(g => new { g.Key, Sum = g.Sum(t => t.ApprovedAmount) }).ToDictionaryAsync(x => x.Key, x => x.Sum, ct);

        // The Area's active list, plus any inactive category that still has figures this month.
        var areaId = await BudgetUnits.AreaIdAsync(db, p.Unit, ct);
        var used = recommended.Keys.Concat(approved.Keys).Distinct().ToArray();
        var categories = await db.Set<SpendingCategory>().AsNoTracking()
            .Where(c => (c.AreaId == areaId && c.IsActive) || used.Contains(c.Id))
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(ct);
        var lines = categories.Select(c => new CategoryLine(c.Name, recommended.GetValueOrDefault(c.Id), approved.GetValueOrDefault(c.Id))).ToList();

        var reports = db.Set<UsageReport>().Where(r => r.Status == ReportStatus.Approved && r.Year == year && r.Month == month && clusters.Contains(r.ClusterId));
        var rows = await (
            from r in reports
            join c in db.OrgUnits on r.ClusterId equals c.Id
            join k in db.Set<SpendingCategory>() on r.CategoryId equals k.Id
            join s in db.Users on r.SubmittedBy equals s.Id into ss
            from s in ss.DefaultIfEmpty()
            join v in db.Users on r.ReviewedBy equals (Guid?)v.Id into vs
            from v in vs.DefaultIfEmpty()
            orderby c.Name, c.Id, r.SpendDate, r.Id
            select new
            {
                r.Id, ClusterCode = c.Code, ClusterName = c.Name, Category = k.Name, r.SpendDate, r.Amount, r.Description, r.ReviewedAt,
                SubmitterFirst = s == null ? null : s.FirstName, SubmitterLast = s == null ? null : s.LastName,
                ReviewerFirst = v == null ? null : v.FirstName, ReviewerLast = v == null ? null : v.LastName,
            }).AsNoTracking().ToListAsync(ct);
        var evidence = await (
            from e in db.Set<UsageEvidence>()
            join r in reports on e.ReportId equals r.Id
            join f in db.Files on e.FileId equals f.Id
            orderby e.ReportId, e.SortOrder, e.Id
            select new { e.ReportId, File = f }).AsNoTracking().ToListAsync(ct);

        long imageBytes = 0;
        var byReport = new Dictionary<long, List<EvidenceLine>>();
        foreach (var e in evidence)
        {
            var f = e.File;
            EvidenceLine line;
            if (!ImageTypes.Contains(f.ContentType))
                line = new EvidenceLine(f.FileName, f.ContentType, null, OutputsTexts.Format("budget.out.pdfEvidence", f.FileName));
            else if (imageBytes + f.Size > MaxImageBytes)
                line = new EvidenceLine(f.FileName, f.ContentType, null, OutputsTexts.Format("budget.out.notEmbedded", f.FileName));
            else
            {
                var bytes = await ReadAsync(f, ct);
                imageBytes += bytes?.Length ?? 0;
                line = bytes is null
                    ? new EvidenceLine(f.FileName, f.ContentType, null, OutputsTexts.Format("budget.out.missingFile", f.FileName))
                    : new EvidenceLine(f.FileName, f.ContentType, $"data:{f.ContentType};base64,{Convert.ToBase64String(bytes)}", null);
            }
            (byReport.TryGetValue(e.ReportId, out var list) ? list : byReport[e.ReportId] = []).Add(line);
        }

        var me = scope.UserId;
        var generator = await db.Users.Where(u => u.Id == me).Select(u => new { u.FirstName, u.LastName }).FirstOrDefaultAsync(ct);
        return new AccountabilityData(p.Unit, year, month, Name(generator?.FirstName, generator?.LastName) ?? "—", clock.GetUtcNow(), clusterCount, budget, lines,
            rows.Select(r => new ReportLine(r.Id, r.ClusterCode, r.ClusterName, r.Category, r.SpendDate, r.Amount, r.Description,
                Name(r.SubmitterFirst, r.SubmitterLast) ?? "—", Name(r.ReviewerFirst, r.ReviewerLast), r.ReviewedAt,
                byReport.GetValueOrDefault(r.Id) ?? [])).ToList());
    }

    private async Task<byte[]?> ReadAsync(StoredFile file, CancellationToken ct)
    {
        await using var stream = await files.OpenReadAsync(file, ct);
        if (stream is null) return null;
        using var buffer = new MemoryStream(file.Size is > 0 and < int.MaxValue ? (int)file.Size : 0);
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    internal static string? Name(string? first, string? last) =>
        first is null ? null : string.IsNullOrWhiteSpace(last) ? first : $"{first} {last}";
}
