using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Domain;

/// <summary>
/// Keeps <see cref="UsageMonthlyTotal"/> and <see cref="UsageDailyTotal"/> equal to the sums of the reports. Call it in the
/// same transaction as every report change. Increments are atomic SQL (INSERT … ON CONFLICT DO NOTHING, then
/// UPDATE x = x + d), so two reviewers approving at once never lose an update. Works on SQLite and PostgreSQL.
/// </summary>
internal static class UsageTotals
{
    /// <summary>A report entered <paramref name="to"/> from <paramref name="from"/> (null = created / deleted).</summary>
    public static async Task MoveAsync(SigapDb db, UsageReport report, ReportStatus? from, ReportStatus? to, CancellationToken ct)
    {
        long approved = 0, pending = 0;
        int approvedCount = 0, pendingCount = 0;
        void Apply(ReportStatus? status, int sign)
        {
            if (status == ReportStatus.Approved) { approved += sign * report.Amount; approvedCount += sign; }
            if (status == ReportStatus.Pending) { pending += sign * report.Amount; pendingCount += sign; }
        }
        Apply(from, -1);
        Apply(to, +1);
        if (approved == 0 && pending == 0 && approvedCount == 0 && pendingCount == 0) return;

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "BudgetUsageMonthlyTotals" ("ClusterId", "Year", "Month", "CategoryId", "ApprovedAmount", "PendingAmount", "ApprovedCount", "PendingCount")
            VALUES ({report.ClusterId}, {report.Year}, {report.Month}, {report.CategoryId}, 0, 0, 0, 0) ON CONFLICT DO NOTHING
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "BudgetUsageMonthlyTotals" SET "ApprovedAmount" = "ApprovedAmount" + {approved}, "PendingAmount" = "PendingAmount" + {pending},
                "ApprovedCount" = "ApprovedCount" + {approvedCount}, "PendingCount" = "PendingCount" + {pendingCount}
            WHERE "ClusterId" = {report.ClusterId} AND "Year" = {report.Year} AND "Month" = {report.Month} AND "CategoryId" = {report.CategoryId}
            """, ct);

        var day = report.SpendDate;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "BudgetUsageDailyTotals" ("ClusterId", "Day", "ApprovedAmount", "PendingAmount")
            VALUES ({report.ClusterId}, {day}, 0, 0) ON CONFLICT DO NOTHING
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "BudgetUsageDailyTotals" SET "ApprovedAmount" = "ApprovedAmount" + {approved}, "PendingAmount" = "PendingAmount" + {pending}
            WHERE "ClusterId" = {report.ClusterId} AND "Day" = {day}
            """, ct);
    }
}
