using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;
using Sigap.Web.Platform.Reports;

namespace Sigap.Web.Modules.Budget.Features.Outputs;

/// <summary>The accountability PDF and the Excel export of a unit's month.</summary>
internal static class OutputsApi
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IServiceCollection AddBudgetOutputs(this IServiceCollection services)
    {
        Texts.Add(OutputsTexts.All);
        services.AddScoped<AccountabilityReport>();
        return services;
    }

    public static RouteGroupBuilder MapBudgetOutputs(this RouteGroupBuilder api)
    {
        api.MapGet("/accountability/{unitId:int}/{year:int}/{month:int}.pdf", Accountability)
            .WithName("BudgetAccountabilityPdf")
            .WithSummary("Accountability report (PDF) of a unit's month: cover, per-category summary, every approved report with its evidence images. A branch, region or area rolls up its clusters.")
            // A file's type and Chromium's 503 are not in the return type: said here.
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/export/{unitId:int}/{year:int}/{month:int}.xlsx", Export)
            .RequireAuthorization(BudgetModule.Export)
            .WithName("BudgetExportXlsx")
            .WithSummary("Excel export of a unit's month: sheets Ringkasan (per cluster), Kategori (cluster × category) and Laporan (every report).")
            .Produces(StatusCodes.Status200OK, contentType: XlsxType);
        return api;
    }

    private static async Task<Results<FileContentHttpResult, FailureHttpResult, ProblemHttpResult>> Accountability(int unitId, int year, int month, SigapDb db, ClaimsPrincipal user, ScopeService scopes,
        AccountabilityReport report, PdfRenderer pdf, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var data = await report.LoadAsync(db, scope, unitId, year, month, ct);
        if (data.Value is not { } d) return data.Error!.ToHttp();
        try
        {
            var bytes = await pdf.RenderAsync(AccountabilityHtml.Render(d),
                new PdfOptions($"{Texts.Get("budget.out.title")} · {d.Unit.Code} · {OutputsTexts.Period(year, month)}"), ct);
            var stem = new OutputPeriod(d.Unit, year, month).FileStem;
            return TypedResults.File(bytes, "application/pdf", $"{Texts.Get("budget.out.pdfPrefix")}-{stem}.pdf");
        }
        catch (ChromiumUnavailableException e)
        {
            return PdfRenderer.Unavailable(e);
        }
    }

    private static async Task<Results<FileContentHttpResult, FailureHttpResult>> Export(int unitId, int year, int month, SigapDb db, ClaimsPrincipal user, ScopeService scopes, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var file = await BudgetExport.BuildAsync(db, scope, unitId, year, month, ct);
        if (file.Value is not { } f) return file.Error!.ToHttp();
        return TypedResults.File(f.Content, XlsxType, f.FileName);
    }
}
