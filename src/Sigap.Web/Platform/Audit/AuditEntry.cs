using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sigap.Web.Platform.Audit;

/// <summary>Who did what, to what, when. <see cref="Data"/> holds old and new values as JSON.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    /// <summary>Dotted action name: "auth.login.succeeded", "org.unit.moved", "budget.report.approved".</summary>
    public string Action { get; set; } = "";
    public string? EntityType { get; set; }
    public string? EntityId { get; set; }
    public int? OrgUnitId { get; set; }
    public string? Data { get; set; }
    public string? IpAddress { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditLog");
        e.Property(a => a.Action).HasMaxLength(100);
        e.Property(a => a.EntityType).HasMaxLength(100);
        e.Property(a => a.EntityId).HasMaxLength(100);
        e.Property(a => a.IpAddress).HasMaxLength(64);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.EntityType, a.EntityId });
        e.HasIndex(a => a.UserId);
    }
}
