using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Jobs;
using Sigap.Web.Platform.Messaging;
using Sigap.Web.Platform.Notifications;
using Sigap.Web.Platform.Org;

namespace Sigap.Web.Platform.Persistence;

/// <summary>
/// The one DbContext of the application. Platform and modules add their tables through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes in this assembly, so a module is a folder, not a context.
/// </summary>
public sealed class SigapDb(DbContextOptions<SigapDb> options) : IdentityUserContext<SigapUser, Guid>(options)
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<VerificationCode> VerificationCodes => Set<VerificationCode>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<OutboxAttempt> OutboxAttempts => Set<OutboxAttempt>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<QueuedJob> Jobs => Set<QueuedJob>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored in UTC whatever offset a value carries. SQLite has no date type that orders or compares
        // correctly: there they are sortable integers.
        if (IsSqlite)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcBinaryConverter>();
        }
        else
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<SigapUser>(e =>
        {
            e.ToTable("Users");
            e.Property(u => u.FirstName).HasMaxLength(100);
            e.Property(u => u.LastName).HasMaxLength(100);
            e.Property(u => u.Gender).HasConversion<string>().HasMaxLength(10);
            e.Property(u => u.PreferredLanguage).HasMaxLength(5);
            e.Property(u => u.PendingEmail).HasMaxLength(256);
        });
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>>().ToTable("UserClaims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>>().ToTable("UserLogins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().ToTable("UserTokens");
        builder.ApplyConfigurationsFromAssembly(typeof(SigapDb).Assembly);

        // Org paths are compared byte-wise (prefix and range queries); PostgreSQL's default collation would not.
        if (!IsSqlite)
            builder.Entity<OrgUnit>().Property(u => u.Path).UseCollation("C");
    }
}
