namespace Sigap.Web.Modules.Budget.Domain;

/// <summary>What the Area does when a usage report would take a category past its recommendation or a cluster past its budget.</summary>
internal enum OverspendPolicy { Warn, Stop }

internal enum ReportStatus { Pending, Approved, Rejected }

/// <summary>A spending category ("poin") of an Area: Akuisisi, Outlet, SF, CB Program, Region (CVM &amp; SO)…</summary>
internal sealed class SpendingCategory
{
    public int Id { get; set; }
    /// <summary>The Area unit whose list this is.</summary>
    public int AreaId { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}

/// <summary>Budget settings of one Area.</summary>
internal sealed class BudgetAreaSettings
{
    public int AreaId { get; set; }
    public OverspendPolicy OverspendPolicy { get; set; } = OverspendPolicy.Warn;
}

/// <summary>A cluster's marketing-fee budget for one month, in whole rupiah.</summary>
internal sealed class MonthlyBudget
{
    public long Id { get; set; }
    public int ClusterId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public long Amount { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid UpdatedBy { get; set; }
}

/// <summary>The Region's split of a cluster's monthly budget: the amount recommended for one category.</summary>
internal sealed class Recommendation
{
    public long Id { get; set; }
    public int ClusterId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public int CategoryId { get; set; }
    public long Amount { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid UpdatedBy { get; set; }
}

/// <summary>A month the Area has closed: no new reports, budgets or recommendations for its clusters.</summary>
internal sealed class ClosedMonth
{
    public int AreaId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
    public Guid ClosedBy { get; set; }
}

/// <summary>A spend claim of a cluster with photo evidence, reviewed by someone whose scope contains the cluster.</summary>
internal sealed class UsageReport
{
    public long Id { get; set; }
    public int ClusterId { get; set; }
    public int CategoryId { get; set; }
    public long Amount { get; set; }
    public DateOnly SpendDate { get; set; }
    /// <summary>Year and month of <see cref="SpendDate"/>, kept as columns so period filters use the index.</summary>
    public int Year { get; set; }
    public int Month { get; set; }
    public string Description { get; set; } = "";
    public ReportStatus Status { get; set; }
    public Guid SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public Guid? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? RejectReason { get; set; }
    /// <summary>At submission the report took its category past the recommendation.</summary>
    public bool OverRecommendation { get; set; }
    /// <summary>At submission the report took the cluster past its monthly budget.</summary>
    public bool OverBudget { get; set; }
    public List<UsageEvidence> Evidence { get; set; } = [];
}

internal sealed class UsageEvidence
{
    public long Id { get; set; }
    public long ReportId { get; set; }
    /// <summary>A platform <c>StoredFile</c>.</summary>
    public Guid FileId { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>
/// Roll-up per cluster, month and category, kept in the same transaction as every report change, so dashboards
/// over millions of reports add up a few thousand rows instead.
/// </summary>
internal sealed class UsageMonthlyTotal
{
    public int ClusterId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public int CategoryId { get; set; }
    public long ApprovedAmount { get; set; }
    public long PendingAmount { get; set; }
    public int ApprovedCount { get; set; }
    public int PendingCount { get; set; }
}

/// <summary>Roll-up per cluster and day, for the daily chart of a month.</summary>
internal sealed class UsageDailyTotal
{
    public int ClusterId { get; set; }
    public DateOnly Day { get; set; }
    public long ApprovedAmount { get; set; }
    public long PendingAmount { get; set; }
}
