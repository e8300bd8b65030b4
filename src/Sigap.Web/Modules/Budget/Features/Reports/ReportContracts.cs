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
