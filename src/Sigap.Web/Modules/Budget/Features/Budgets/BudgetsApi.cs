using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Budgets;

internal static class BudgetsApi
{
    /// <summary>Budgets of clusters: one by one, or imported from a spreadsheet, and the import's template. Under the module's /api/budget group (which already requires budget.read).</summary>
    public static RouteGroupBuilder MapBudgets(this RouteGroupBuilder api)
    {
        api.MapGet("/budgets", (int? unitId, int? year, int? month, int? page, int? pageSize, SigapDb db, ClaimsPrincipal user, BudgetHandlers h, CancellationToken ct) =>
                h.ListAsync(db, user, unitId, year, month, page, pageSize, ct).ToHttpAsync())
            .WithName("BudgetList").WithSummary("The clusters under a unit with their budget of the month (null when not set), paged");
        api.MapPut("/budgets/{clusterId:int}/{year:int}/{month:int}", (int clusterId, int year, int month, SetBudgetRequest req, SigapDb db, ClaimsPrincipal user,
                BudgetHandlers h, CancellationToken ct) => h.SetAsync(db, user, clusterId, year, month, req, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetSet").WithSummary("Set a cluster's budget of a month (audited with the old and new amount; closed month → 409)");
        api.MapPost("/budgets/import", async Task<Results<Ok<ImportResult>, FailureHttpResult>> (IFormFile? file, SigapDb db, ClaimsPrincipal user,
                BudgetImport import, CancellationToken ct) =>
            {
                if (file is null) return Failure.Field("file", "validation.required").ToHttp();
                await using var stream = file.OpenReadStream();
                return await import.ImportAsync(db, user, stream, ct).ToHttpAsync();
            })
            .RequireAuthorization(BudgetModule.Manage)
            .DisableAntiforgery()
            .WithName("BudgetImport")
            .WithSummary("Budgets from an .xlsx or .csv (≤ 5 MB; columns kode_cluster|cluster_code, tahun|year, bulan|month, anggaran|amount). "
                + "All or nothing: any bad row → 400 with rows: [{ row, field, message }] and nothing saved")
            .Accepts<IFormFile>("multipart/form-data");
        api.MapGet("/budgets/import/template.xlsx", async Task<Results<FileContentHttpResult, FailureHttpResult>> (int? year, int? month, SigapDb db,
                ClaimsPrincipal user, BudgetImport import, TimeProvider clock, CancellationToken ct) =>
            {
                var today = JakartaTime.Today(clock);
                var y = year ?? today.Year;
                var m = month ?? today.Month;
                var check = new Check();
                check.Period(y, m);
                if (check.Failed) return Failure.Invalid(check).ToHttp();
                var bytes = await import.TemplateAsync(db, user, y, m, ct);
                return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"template-anggaran-{y}-{m:00}.xlsx");
            })
            .RequireAuthorization(BudgetModule.Manage)
            .WithName("BudgetImportTemplate").WithSummary("An .xlsx template: the header row and the caller's clusters for the month (default: this month, WIB)")
            // A file's content type is not in the return type: said here.
            .Produces(200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return api;
    }
}
