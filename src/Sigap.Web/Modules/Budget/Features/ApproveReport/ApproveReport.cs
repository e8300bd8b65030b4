using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
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

namespace Sigap.Web.Modules.Budget.Features.ApproveReport;

/// <summary>A reviewer approves a pending report of a cluster in scope (never their own).</summary>
public sealed class ApproveReportHandler(ReportReview review)
{
    public Task<Outcome<ReportItem>> ApproveAsync(SigapDb db, ClaimsPrincipal user, long id, CancellationToken ct) =>
        review.ReviewAsync(db, user, id, ReportStatus.Approved, null, ct);
}

internal static class ApproveReportEndpoint
{
    public static RouteGroupBuilder MapApproveReport(this RouteGroupBuilder api)
    {
        api.MapPost("/reports/{id:long}/approve", (long id, SigapDb db, ClaimsPrincipal user, ApproveReportHandler h, CancellationToken ct) =>
                h.ApproveAsync(db, user, id, ct).ToHttpAsync())
            .RequireAuthorization(BudgetModule.Review)
            .WithName("ApproveUsageReport").WithSummary("Approve a pending report of a cluster in the reviewer's scope (never one's own).");
        return api;
    }
}
