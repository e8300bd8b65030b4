using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Notifications;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.SubmitReport;

/// <summary>The fields of <c>POST /api/budget/reports</c> (multipart): spendDate is yyyy-MM-dd.</summary>
internal sealed record SubmitReportRequest(int? ClusterId, int? CategoryId, long? Amount, string? SpendDate, string? Description, IReadOnlyList<FileUpload> Files);

/// <summary>A cluster user reports spending with its evidence: checked, stored and announced to the reviewers in one transaction.</summary>
internal sealed class SubmitReportHandler(ScopeService scopes, FileService files, Notifier notifier, AuditLog audit, TimeProvider clock, ReportReader reader, ILogger<SubmitReportHandler> log)
{
    public const string OverspendStopped = "budget.reports.overspendStopped";

    public DateOnly TodayWib() => JakartaTime.Today(clock);

    public async Task<Outcome<ReportItem>> SubmitAsync(SigapDb db, ClaimsPrincipal user, SubmitReportRequest req, int? claimedYear, int? claimedMonth, CancellationToken ct)
    {
        var check = new Check();
        check.Required("clusterId", req.ClusterId).Required("categoryId", req.CategoryId).Required("amount", req.Amount);
        if (req.Amount is { } amount) check.Range("amount", amount, 1, ReportRules.AmountMax);
        check.Text("description", req.Description, ReportRules.DescriptionMax);
        var date = default(DateOnly);
        if (string.IsNullOrWhiteSpace(req.SpendDate)) check.Required("spendDate", req.SpendDate);
        else if (!DateOnly.TryParseExact(req.SpendDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            check.Add("spendDate", "budget.reports.dateFormat");
        else if (date.Year < 2000 || date.Year > 2100) check.Add("spendDate", "validation.range", "2000-01-01", "2100-12-31");
        else if (date > TodayWib()) check.Add("spendDate", "budget.reports.dateFuture");
        else if ((claimedYear is { } cy && cy != date.Year) || (claimedMonth is { } cm && cm != date.Month))
            check.Add("spendDate", "budget.reports.dateOutsideMonth", $"{claimedMonth ?? date.Month:00}/{claimedYear ?? date.Year}");
        ReportRules.CheckEvidence(check, req.Files);
        if (check.Failed) return Failure.Invalid(check);

        var scope = await scopes.ForAsync(user, ct);
        var cluster = await BudgetUnits.VisibleClusterAsync(db, scope, req.ClusterId!.Value, BudgetModule.SubmitRoles, ct);
        if (cluster is null) return Failure.NotFound;
        var areaId = await BudgetUnits.AreaIdAsync(db, cluster, ct);
        var category = await db.Set<SpendingCategory>().AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == req.CategoryId && c.AreaId == areaId && c.IsActive, ct);
        if (category is null) return Failure.Field("categoryId", "budget.reports.categoryInvalid");
        if (areaId is { } aid && await BudgetUnits.IsClosedAsync(db, aid, date.Year, date.Month, ct))
            return Failure.Conflict("budget.reports.monthClosed", $"{date.Month:00}/{date.Year}");

        var report = new UsageReport
        {
            ClusterId = cluster.Id, CategoryId = category.Id, Amount = req.Amount!.Value, SpendDate = date, Year = date.Year, Month = date.Month,
            Description = req.Description!.Trim(), Status = ReportStatus.Pending, SubmittedBy = scope.UserId, SubmittedAt = clock.GetUtcNow(),
        };
        var (warnings, overRec, overBudget) = await OverspendAsync(db, report, category, ct);
        report.OverRecommendation = overRec;
        report.OverBudget = overBudget;
        var stop = await db.Set<BudgetAreaSettings>().AnyAsync(s => s.AreaId == areaId && s.OverspendPolicy == OverspendPolicy.Stop, ct);
        // Refused before any byte is stored: a stopped report leaves nothing behind.
        if (stop && warnings.Count > 0) return Failure.Rule(OverspendStopped, string.Join(" ", warnings));

        var attached = await files.AttachAsync(db, req.Files, ReportRules.EvidenceRules, "files", scope.UserId, cluster.Id, ct);
        if (attached.Error is { } refused) return refused;
        var stored = attached.Value!;

        var submitter = await db.Users.Where(u => u.Id == scope.UserId).Select(u => u.FirstName + " " + (u.LastName ?? "")).FirstOrDefaultAsync(ct) ?? "";
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Another report of this cluster and month committed since the first check and took the room.
            if (stop && await OverspendLockedAsync(db, report, category, ct) is { Count: > 0 } late)
                return Failure.Rule(OverspendStopped, string.Join(" ", late));
            report.Evidence = stored.Select((f, i) => new UsageEvidence { FileId = f.Id, SortOrder = i }).ToList();
            db.Add(report);
            await db.SaveChangesAsync(ct);
            await UsageTotals.MoveAsync(db, report, null, ReportStatus.Pending, ct);
            audit.Record(db, "budget.report.submitted", scope.UserId, "UsageReport", report.Id.ToString(CultureInfo.InvariantCulture), cluster.Id, new
            {
                old = (object?)null,
                @new = new { report.CategoryId, report.Amount, report.SpendDate, report.Description, Status = report.Status.ToString(), Files = stored.Select(f => f.Id), report.OverRecommendation, report.OverBudget },
            });
            var ids = OrgScope.PathIds(cluster.Path);
            var reviewers = await db.RoleAssignments.Where(a => ids.Contains(a.OrgUnitId) && BudgetModule.ReviewRoles.Contains(a.Role) && a.UserId != scope.UserId)
                .Select(a => a.UserId).Distinct().ToListAsync(ct);
            foreach (var reviewer in reviewers)
                notifier.Notify(db, reviewer, Texts.Get("budget.reports.notify.submitted", cluster.Name),
                    Texts.Get("budget.reports.notify.submittedBody", category.Name, Money.Rupiah(report.Amount), date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), submitter.Trim()),
                    $"/budget/review?report={report.Id}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        log.LogInformation("Usage report {Id} submitted for cluster {Cluster}: {Amount}", report.Id, cluster.Id, report.Amount);
        var item = await reader.GetItemAsync(db, report.Id, ct);
        return item! with { Warnings = warnings };
    }

    /// <summary>
    /// The over-spend check again, inside the submitting transaction, with the cluster's month locked so two reports
    /// sent at once cannot both pass a Stop limit: SQLite transactions already take the write lock when they begin;
    /// on PostgreSQL the month's budget row is locked (every limit needs a budget: recommendations require one).
    /// </summary>
    private static async Task<List<string>> OverspendLockedAsync(SigapDb db, UsageReport report, SpendingCategory category, CancellationToken ct)
    {
        if (!db.IsSqlite)
            await db.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM \"BudgetMonthly\" WHERE \"ClusterId\" = {report.ClusterId} AND \"Year\" = {report.Year} AND \"Month\" = {report.Month} FOR UPDATE", ct);
        return (await OverspendAsync(db, report, category, ct)).Warnings;
    }

    /// <summary>Messages for the limits this report would pass: the category's recommendation, the cluster's budget (pending counts as used).</summary>
    private static async Task<(List<string> Warnings, bool OverRecommendation, bool OverBudget)> OverspendAsync(SigapDb db, UsageReport report, SpendingCategory category, CancellationToken ct)
    {
        var warnings = new List<string>();
        var used = await db.Set<UsageMonthlyTotal>().AsNoTracking()
            .Where(t => t.ClusterId == report.ClusterId && t.Year == report.Year && t.Month == report.Month)
            .Select(t => new { t.CategoryId, Used = t.ApprovedAmount + t.PendingAmount }).ToListAsync(ct);
        var recommended = await db.Set<Recommendation>().AsNoTracking()
            .Where(r => r.ClusterId == report.ClusterId && r.Year == report.Year && r.Month == report.Month && r.CategoryId == report.CategoryId)
            .Select(r => (long?)r.Amount).FirstOrDefaultAsync(ct);
        var budget = await db.Set<MonthlyBudget>().AsNoTracking()
            .Where(b => b.ClusterId == report.ClusterId && b.Year == report.Year && b.Month == report.Month)
            .Select(b => (long?)b.Amount).FirstOrDefaultAsync(ct);

        // A limit nobody has set yet (no recommendation, no budget) is not a limit: the region may split the budget later.
        var categoryAfter = used.Where(u => u.CategoryId == report.CategoryId).Sum(u => u.Used) + report.Amount;
        var overRec = recommended is { } rec && categoryAfter > rec;
        if (overRec) warnings.Add(Texts.Get("budget.reports.overRecommendation", category.Name, Money.Rupiah(categoryAfter), Money.Rupiah(recommended!.Value)));
        var clusterAfter = used.Sum(u => u.Used) + report.Amount;
        var overBudget = budget is { } b2 && clusterAfter > b2;
        if (overBudget) warnings.Add(Texts.Get("budget.reports.overBudget", Money.Rupiah(clusterAfter), Money.Rupiah(budget!.Value)));
        return (warnings, overRec, overBudget);
    }
}

internal static class SubmitReportEndpoint
{
    public static RouteGroupBuilder MapSubmitReport(this RouteGroupBuilder api)
    {
        api.MapPost("/reports", SubmitAsync)
            .RequireAuthorization(BudgetModule.Submit)
            // Ten files of up to 10 MB each, plus the form fields.
            .WithMetadata(new RequestSizeLimitAttribute(ReportRules.MaxFiles * ReportRules.MaxFileBytes + 1024 * 1024))
            .Accepts<SubmitForm>("multipart/form-data")
            .WithName("SubmitUsageReport")
            .WithSummary("Submit a usage report with 1–10 evidence files (JPEG, PNG, WebP, PDF; ≤ 10 MB each). Over-spend: 201 with warnings, or 422 when the Area's policy is Stop.");
        return api;
    }

    /// <summary>The multipart form of a submission, for the OpenAPI description.</summary>
    internal sealed record SubmitForm(int ClusterId, int CategoryId, long Amount, string SpendDate, string Description, int? Year, int? Month, IFormFileCollection Files);

    private static async Task<Results<Created<ReportItem>, FailureHttpResult>> SubmitAsync(HttpRequest request, SigapDb db, ClaimsPrincipal user,
        SubmitReportHandler h, CancellationToken ct)
    {
        if (!request.HasFormContentType) return Failure.Field("files", "budget.reports.filesRequired", ReportRules.MaxFiles).ToHttp();
        var form = await request.ReadFormAsync(ct);
        var check = new Check();
        var clusterId = Int(form, "clusterId", check);
        var categoryId = Int(form, "categoryId", check);
        var amount = Long(form, "amount", check);
        var year = Int(form, "year", check);
        var month = Int(form, "month", check);
        if (check.Failed) return Failure.Invalid(check).ToHttp();
        var files = form.Files.Select(f => new FileUpload(f.FileName, f.Length, f.OpenReadStream)).ToList();
        var req = new SubmitReportRequest(clusterId, categoryId, amount, form["spendDate"].FirstOrDefault(), form["description"].FirstOrDefault(), files);
        return await h.SubmitAsync(db, user, req, year, month, ct).ToHttpAsync(r => TypedResults.Created($"/api/budget/reports/{r.Id}", r));
    }

    private static int? Int(IFormCollection form, string name, Check check)
    {
        var v = form[name].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(v)) return null;
        if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
        check.Add(name, "validation.jsonField");
        return null;
    }

    private static long? Long(IFormCollection form, string name, Check check)
    {
        var v = form[name].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(v)) return null;
        if (long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
        check.Add(name, "validation.jsonField");
        return null;
    }
}
