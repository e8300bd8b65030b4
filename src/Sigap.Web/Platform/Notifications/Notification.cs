using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sigap.Web.Platform.Auth;

namespace Sigap.Web.Platform.Notifications;

/// <summary>An in-app notification for one user, shown in the bell.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Title { get; set; } = "";
    public string? Body { get; set; }
    /// <summary>A local link in the app ("/budget/reports/12"), never an external address.</summary>
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.ToTable("Notifications");
        e.Property(n => n.Title).HasMaxLength(200);
        e.Property(n => n.Body).HasMaxLength(2000);
        e.Property(n => n.Link).HasMaxLength(500);
        e.HasIndex(n => new { n.UserId, n.ReadAt });
        e.HasIndex(n => new { n.UserId, n.CreatedAt });
        e.HasOne<SigapUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
