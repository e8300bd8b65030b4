using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sigap.Web.Platform.Org;

/// <summary>Levels of the organisation tree. Office is a generic unit (an agency, a company) for modules outside the sales tree.</summary>
public enum OrgUnitKind { Root, Area, Region, Branch, Cluster, Office }

/// <summary>
/// A node of the organisation tree. <see cref="Path"/> is the materialised path of ids ("/1/4/9/"),
/// so "everything under X" is one indexed range query on Path.
/// </summary>
public sealed class OrgUnit
{
    public int Id { get; set; }
    public int? ParentId { get; set; }
    public OrgUnitKind Kind { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Path { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public int Depth => Path.Count(c => c == '/') - 1;

    /// <summary>Which kinds may stand directly under which: the sales tree keeps its levels; offices go anywhere but under clusters.</summary>
    public static bool MayContain(OrgUnitKind parent, OrgUnitKind child) => (parent, child) switch
    {
        (_, OrgUnitKind.Root) => false,
        (OrgUnitKind.Root, OrgUnitKind.Area) => true,
        (OrgUnitKind.Area, OrgUnitKind.Region) => true,
        (OrgUnitKind.Region, OrgUnitKind.Branch) => true,
        (OrgUnitKind.Branch, OrgUnitKind.Cluster) => true,
        (OrgUnitKind.Cluster, _) => false,
        (_, OrgUnitKind.Office) => true,
        (OrgUnitKind.Office, _) => false,
        _ => false,
    };
}

internal sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> e)
    {
        e.ToTable("OrgUnits");
        e.Property(u => u.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(u => u.Code).HasMaxLength(40);
        e.Property(u => u.Name).HasMaxLength(200);
        e.Property(u => u.Path).HasMaxLength(400);
        e.HasIndex(u => u.Code).IsUnique();
        e.HasIndex(u => u.Path).IsUnique();
        e.HasIndex(u => u.ParentId);
        e.HasOne<OrgUnit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        e.Ignore(u => u.Depth);
    }
}
