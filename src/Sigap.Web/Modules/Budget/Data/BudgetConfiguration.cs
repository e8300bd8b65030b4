using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Org;

namespace Sigap.Web.Modules.Budget.Data;

internal sealed class BudgetConfiguration :
    IEntityTypeConfiguration<SpendingCategory>, IEntityTypeConfiguration<BudgetAreaSettings>, IEntityTypeConfiguration<MonthlyBudget>,
    IEntityTypeConfiguration<Recommendation>, IEntityTypeConfiguration<ClosedMonth>, IEntityTypeConfiguration<UsageReport>,
    IEntityTypeConfiguration<UsageEvidence>, IEntityTypeConfiguration<UsageMonthlyTotal>, IEntityTypeConfiguration<UsageDailyTotal>
{
    public void Configure(EntityTypeBuilder<SpendingCategory> e)
    {
        e.ToTable("BudgetCategories");
        e.Property(c => c.Code).HasMaxLength(30);
        e.Property(c => c.Name).HasMaxLength(100);
        e.HasIndex(c => new { c.AreaId, c.Code }).IsUnique();
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(c => c.AreaId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<BudgetAreaSettings> e)
    {
        e.ToTable("BudgetAreaSettings");
        e.HasKey(s => s.AreaId);
        e.Property(s => s.AreaId).ValueGeneratedNever();
        e.Property(s => s.OverspendPolicy).HasConversion<string>().HasMaxLength(10);
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(s => s.AreaId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MonthlyBudget> e)
    {
        e.ToTable("BudgetMonthly");
        e.HasIndex(b => new { b.ClusterId, b.Year, b.Month }).IsUnique();
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(b => b.ClusterId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Recommendation> e)
    {
        e.ToTable("BudgetRecommendations");
        e.HasIndex(r => new { r.ClusterId, r.Year, r.Month, r.CategoryId }).IsUnique();
        // Covering: the dashboard sums a subtree's amounts for a year from the index alone.
        e.HasIndex(r => new { r.ClusterId, r.Year, r.Month, r.CategoryId, r.Amount }).HasDatabaseName("IX_BudgetRecommendations_Covering");
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(r => r.ClusterId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<SpendingCategory>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ClosedMonth> e)
    {
        e.ToTable("BudgetClosedMonths");
        e.HasKey(c => new { c.AreaId, c.Year, c.Month });
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(c => c.AreaId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<UsageReport> e)
    {
        e.ToTable("BudgetUsageReports");
        e.Property(r => r.Description).HasMaxLength(1000);
        e.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        e.Property(r => r.RejectReason).HasMaxLength(500);
        e.HasIndex(r => new { r.ClusterId, r.Year, r.Month, r.Status });
        e.HasIndex(r => new { r.Status, r.SubmittedAt });
        e.HasIndex(r => r.SubmittedBy);
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(r => r.ClusterId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<SpendingCategory>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(r => r.Evidence).WithOne().HasForeignKey(v => v.ReportId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<UsageEvidence> e)
    {
        e.ToTable("BudgetUsageEvidence");
        e.HasIndex(v => v.ReportId);
        e.HasOne<StoredFile>().WithMany().HasForeignKey(v => v.FileId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<UsageMonthlyTotal> e)
    {
        e.ToTable("BudgetUsageMonthlyTotals");
        e.HasKey(t => new { t.ClusterId, t.Year, t.Month, t.CategoryId });
        // Covering: the dashboard sums a subtree's roll-ups for a year from the index alone.
        e.HasIndex(t => new { t.ClusterId, t.Year, t.Month, t.CategoryId, t.ApprovedAmount, t.PendingAmount }).HasDatabaseName("IX_BudgetUsageMonthlyTotals_Covering");
    }

    public void Configure(EntityTypeBuilder<UsageDailyTotal> e)
    {
        e.ToTable("BudgetUsageDailyTotals");
        e.HasKey(t => new { t.ClusterId, t.Day });
        e.HasIndex(t => t.Day);
    }
}
