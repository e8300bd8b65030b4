using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Modules.Budget.Domain;

namespace Sigap.Tests.Modules.Budget;

/// <summary>The roll-ups follow every status change of a report, on both databases.</summary>
public sealed class UsageTotalsTests(DemoApp app)
{
    [Fact]
    public async Task Totals_follow_a_report_from_pending_to_approved_and_away()
    {
        await app.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var area = await db.OrgUnits.SingleAsync(u => u.Code == "A3", ct);
            var cluster = await db.OrgUnits.SingleAsync(u => u.Code == "C-MLG-KOTA", ct);
            var category = new SpendingCategory { AreaId = area.Id, Code = "T" + Guid.NewGuid().ToString("N")[..8], Name = "Test", SortOrder = 99 };
            db.Add(category);
            await db.SaveChangesAsync(ct);
            var report = new UsageReport { ClusterId = cluster.Id, CategoryId = category.Id, Amount = 150_000, SpendDate = new DateOnly(2031, 3, 14), Year = 2031, Month = 3 };

            async Task<(long Approved, long Pending, int ApprovedCount, int PendingCount, long DayApproved, long DayPending)> TotalsAsync()
            {
                var m = await db.Set<UsageMonthlyTotal>().AsNoTracking().SingleAsync(t => t.ClusterId == cluster.Id && t.Year == 2031 && t.Month == 3 && t.CategoryId == category.Id, ct);
                var d = await db.Set<UsageDailyTotal>().AsNoTracking().SingleAsync(t => t.ClusterId == cluster.Id && t.Day == new DateOnly(2031, 3, 14), ct);
                return (m.ApprovedAmount, m.PendingAmount, m.ApprovedCount, m.PendingCount, d.ApprovedAmount, d.PendingAmount);
            }

            await UsageTotals.MoveAsync(db, report, null, ReportStatus.Pending, ct);
            (await TotalsAsync()).Should().Be((0L, 150_000L, 0, 1, 0L, 150_000L));
            await UsageTotals.MoveAsync(db, report, null, ReportStatus.Pending, ct);
            await UsageTotals.MoveAsync(db, report, ReportStatus.Pending, ReportStatus.Approved, ct);
            (await TotalsAsync()).Should().Be((150_000L, 150_000L, 1, 1, 150_000L, 150_000L));
            await UsageTotals.MoveAsync(db, report, ReportStatus.Pending, ReportStatus.Rejected, ct);
            (await TotalsAsync()).Should().Be((150_000L, 0L, 1, 0, 150_000L, 0L));
            await UsageTotals.MoveAsync(db, report, ReportStatus.Approved, null, ct);
            (await TotalsAsync()).Should().Be((0L, 0L, 0, 0, 0L, 0L));
        });
    }

    [Theory]
    [InlineData(28_488_600, "Rp 28.488.600")]
    [InlineData(0, "Rp 0")]
    [InlineData(-1_000, "-Rp 1.000")]
    public void Rupiah_are_shown_with_dots(long amount, string expected) => Money.Rupiah(amount).Should().Be(expected);
}
