using System.Security.Claims;
using Sigap.Web.Platform.Auth;
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
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesValidationProblem();

        api.MapGet("/export/{unitId:int}/{year:int}/{month:int}.xlsx", Export)
            .RequireAuthorization(BudgetModule.Export)
            .WithName("BudgetExportXlsx")
            .WithSummary("Excel export of a unit's month: sheets Ringkasan (per cluster), Kategori (cluster × category) and Laporan (every report).")
            .Produces(StatusCodes.Status200OK, contentType: XlsxType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> Accountability(int unitId, int year, int month, SigapDb db, ClaimsPrincipal user, ScopeService scopes,
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

    private static async Task<IResult> Export(int unitId, int year, int month, SigapDb db, ClaimsPrincipal user, ScopeService scopes, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var file = await BudgetExport.BuildAsync(db, scope, unitId, year, month, ct);
        return file.Value is { } f ? TypedResults.File(f.Content, XlsxType, f.FileName) : file.Error!.ToHttp();
    }
}
