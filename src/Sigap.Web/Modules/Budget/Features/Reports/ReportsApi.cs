using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.ApproveReport;
using Sigap.Web.Modules.Budget.Features.ApproveReportBatch;
using Sigap.Web.Modules.Budget.Features.DeleteReport;
using Sigap.Web.Modules.Budget.Features.Demo;
using Sigap.Web.Modules.Budget.Features.GetReport;
using Sigap.Web.Modules.Budget.Features.ListReports;
using Sigap.Web.Modules.Budget.Features.PendingReports;
using Sigap.Web.Modules.Budget.Features.RejectReport;
using Sigap.Web.Modules.Budget.Features.ShowClusterMonth;
using Sigap.Web.Modules.Budget.Features.SubmitReport;
using Sigap.Web.Platform.Demo;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Modules.Budget.Features.Reports;

/// <summary>Usage reports: one folder per use case (Features/SubmitReport, ListReports, …), each mapping its own endpoint.</summary>
internal static class ReportsApi
{
    public static IServiceCollection AddBudgetReports(this IServiceCollection services)
    {
        Texts.Add(ReportTexts.All);
        services.AddScoped<ReportReader>();
        services.AddScoped<ReportReview>();
        services.AddScoped<SubmitReportHandler>();
        services.AddScoped<ListReportsHandler>();
        services.AddScoped<GetReportHandler>();
        services.AddScoped<PendingReportsHandler>();
        services.AddScoped<DeleteReportHandler>();
        services.AddScoped<ApproveReportHandler>();
        services.AddScoped<RejectReportHandler>();
        services.AddScoped<ApproveReportBatchHandler>();
        services.AddScoped<ShowClusterMonthHandler>();
        services.AddScoped<IDemoSeed, BudgetDemoSeed>();
        services.AddFileReferences<UsageEvidence>(e => e.FileId);
        return services;
    }

    public static RouteGroupBuilder MapBudgetReports(this RouteGroupBuilder api) => api
        .MapSubmitReport().MapListReports().MapGetReport().MapDeleteReport()
        .MapApproveReport().MapRejectReport().MapApproveReportBatch().MapPendingReports();
}
