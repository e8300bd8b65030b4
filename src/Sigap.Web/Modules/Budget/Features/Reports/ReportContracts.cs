using Sigap.Web.Platform.Files;

namespace Sigap.Web.Modules.Budget.Features.Reports;

/// <summary>One evidence file. <see cref="Thumbnail"/> is the same signed URL (no resized copies are kept).</summary>
public sealed record EvidenceItem(long Id, string ContentType, string FileName, string Url, string Thumbnail)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>A usage report as the API and the pages show it. <see cref="Warnings"/> is filled only by a submission that went over a limit.</summary>
public sealed record ReportItem(
    long Id, int ClusterId, string ClusterName, int CategoryId, string CategoryName, long Amount, DateOnly SpendDate, int Year, int Month,
    string Description, string Status, Guid SubmittedBy, string SubmitterName, DateTimeOffset SubmittedAt, Guid? ReviewedBy, string? ReviewerName,
    DateTimeOffset? ReviewedAt, string? RejectReason, bool OverRecommendation, bool OverBudget, int EvidenceCount,
    IReadOnlyList<EvidenceItem> Evidence, IReadOnlyList<string> Warnings);

/// <summary>The fields of <c>POST /api/budget/reports</c> (multipart): spendDate is yyyy-MM-dd.</summary>
public sealed record SubmitReportRequest(int? ClusterId, int? CategoryId, long? Amount, string? SpendDate, string? Description, IReadOnlyList<FileUpload> Files);

public sealed record ReportFilter(int? UnitId = null, int? Year = null, int? Month = null, string? Status = null, int? CategoryId = null,
    int? Page = null, int? PageSize = null);

public sealed record RejectRequest(string? Reason);

public sealed record BatchApproveRequest(int? ClusterId, int? Year, int? Month);

public sealed record BatchApproveResult(int Approved);

public sealed record PendingList(int Total, IReadOnlyList<ReportItem> Items);

/// <summary>One category card of the cluster page: recommended vs used (approved + pending) and the counts per status.</summary>
public sealed record CategoryUsage(int CategoryId, string Code, string Name, long Recommended, long Approved, long Pending,
    int PendingCount, int ApprovedCount, int RejectedCount);

public sealed record ClusterMonth(int ClusterId, string ClusterName, int Year, int Month, long Budget, bool Closed, IReadOnlyList<CategoryUsage> Categories);
