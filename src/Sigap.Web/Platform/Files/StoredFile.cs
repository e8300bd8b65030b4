using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sigap.Web.Platform.Files;

/// <summary>Metadata of a stored file. The bytes live in an <see cref="IFileStore"/> under <see cref="StorageKey"/>, a generated key.</summary>
public sealed class StoredFile
{
    public Guid Id { get; set; }
    public string StorageKey { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>The name the user gave it, for Content-Disposition only; never used as a path.</summary>
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public Guid? UploadedBy { get; set; }
    public int? OrgUnitId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> e)
    {
        e.ToTable("Files");
        e.Property(f => f.StorageKey).HasMaxLength(200);
        e.Property(f => f.ContentType).HasMaxLength(100);
        e.Property(f => f.FileName).HasMaxLength(255);
        e.Property(f => f.Sha256).HasMaxLength(64);
        e.HasIndex(f => f.StorageKey).IsUnique();
        e.HasIndex(f => f.UploadedBy); // the staging quota counts a user's unattached files
    }
}
