using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Demo;
using Sigap.Web.Platform.Demo;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Reports;

internal static class ReportsApi
{
    public static IServiceCollection AddBudgetReports(this IServiceCollection services)
    {
        Texts.Add(ReportTexts.All);
        services.AddScoped<ReportHandlers>();
        services.AddScoped<IDemoSeed, BudgetDemoSeed>();
        services.AddFileReferences<UsageEvidence>(e => e.FileId);
        return services;
    }

    public static RouteGroupBuilder MapBudgetReports(this RouteGroupBuilder api)
    {
        api.MapPost("/reports", SubmitAsync)
            .RequireAuthorization(BudgetModule.Submit)
            // Ten files of up to 10 MB each, plus the form fields.
            .WithMetadata(new RequestSizeLimitAttribute(ReportHandlers.MaxFiles * ReportHandlers.MaxFileBytes + 1024 * 1024))
            .Accepts<SubmitForm>("multipart/form-data")
            .WithName("SubmitUsageReport")
            .WithSummary("Submit a usage report with 1–10 evidence files (JPEG, PNG, WebP, PDF; ≤ 10 MB each). Over-spend: 201 with warnings, or 422 when the Area's policy is Stop.");

        api.MapGet("/reports", (int? unitId, int? year, int? month, string? status, int? categoryId, int? page, int? pageSize,
                SigapDb db, ClaimsPrincipal user, ReportHandlers h, CancellationToken ct) =>
                h.ListAsync(db, user, new ReportFilter(unitId, year, month, status, categoryId, page, pageSize), ct).ToHttpAsync())
            .WithName("ListUsageReports").WithSummary("Reports of the clusters under a unit (default: the caller's whole scope), newest first, paged.");

        api.MapGet("/reports/{id:long}", (long id, SigapDb db, ClaimsPrincipal user, ReportHandlers h, CancellationToken ct) =>
                h.GetAsync(db, user, id, ct).ToHttpAsync())
            .WithName("GetUsageReport").WithSummary("One report with its evidence (signed URLs).");

        api.MapDelete("/reports/{id:long}", (long id, SigapDb db, ClaimsPrincipal user, ReportHandlers h, CancellationToken ct) =>
                h.DeleteAsync(db, user, id, ct).ToHttpAsync(_ => TypedResults.NoContent()))
            .RequireAuthorization(BudgetModule.Submit)
            .WithName("DeleteUsageReport")
            .WithSummary("Delete one's own pending report and its evidence. Out of scope: 404; visible but someone else's: 403; no longer pending or month closed: 409.");

        api.MapPost("/reports/{id:long}/approve", (long id, SigapDb db, ClaimsPrincipal user, ReportHandlers h, CancellationToken ct) =>
                h.ApproveAsync(db, user, id, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Review)
            .WithName("ApproveUsageReport").WithSummary("Approve a pending report of a cluster in the reviewer's scope (never one's own).");

        api.MapPost("/reports/{id:long}/reject", (long id, RejectRequest req, SigapDb db, ClaimsPrincipal user, ReportHandlers h, CancellationToken ct) =>
                h.RejectAsync(db, user, id, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Review)
            .WithName("RejectUsageReport").WithSummary("Reject a pending report with a reason (required, ≤ 500 characters).");

        api.MapPost("/reports/approve-batch", (BatchApproveRequest req, SigapDb db, ClaimsPrincipal user, ReportHandlers h, CancellationToken ct) =>
                h.ApproveBatchAsync(db, user, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Review)
            .WithName("ApproveUsageReportBatch").WithSummary("Approve every pending report of one cluster and month, except the caller's own.");

        api.MapGet("/pending", (int? limit, int? unitId, int? year, int? month, SigapDb db, ClaimsPrincipal user, ReportHandlers h, CancellationToken ct) =>
                h.PendingAsync(db, user, limit, unitId, year, month, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Review)
            .WithName("PendingUsageReports").WithSummary("The newest pending reports in the reviewer's scope (limit 1–50, default 10) and their total count.");

        return api;
    }

    /// <summary>The multipart form of a submission, for the OpenAPI description.</summary>
    internal sealed record SubmitForm(int ClusterId, int CategoryId, long Amount, string SpendDate, string Description, int? Year, int? Month, IFormFileCollection Files);

    private static async Task<Results<Created<ReportItem>, FailureHttpResult>> SubmitAsync(HttpRequest request, SigapDb db, ClaimsPrincipal user,
        ReportHandlers h, CancellationToken ct)
    {
        if (!request.HasFormContentType) return Failure.Field("files", "budget.reports.filesRequired", ReportHandlers.MaxFiles).ToHttp();
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
