using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sigap.Web.Platform.Org;

namespace Sigap.Web.Platform.Auth;

public enum Gender { Male, Female }

public sealed class SigapUser : IdentityUser<Guid>
{
    public string FirstName { get; set; } = "";
    public string? LastName { get; set; }
    public Gender? Gender { get; set; }
    /// <summary>"id" or "en"; null follows the browser.</summary>
    public string? PreferredLanguage { get; set; }
    /// <summary>A new e-mail address waiting for its confirmation code.</summary>
    public string? PendingEmail { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public string DisplayName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";
}

public sealed class RoleAssignment
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Role Role { get; set; }
    public int OrgUnitId { get; set; }
    public OrgUnit? OrgUnit { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> e)
    {
        e.ToTable("RoleAssignments");
        e.Property(r => r.Role).HasConversion(r => r.Name, name => new Role(name)).HasMaxLength(30);
        e.HasIndex(r => new { r.UserId, r.Role, r.OrgUnitId }).IsUnique();
        e.HasIndex(r => r.OrgUnitId);
        e.HasOne<SigapUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(r => r.OrgUnit).WithMany().HasForeignKey(r => r.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A rotating refresh token. Only its hash is stored; all tokens of one sign-in share a family.</summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid FamilyId { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? ReplacedById { get; set; }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> e)
    {
        e.ToTable("RefreshTokens");
        e.Property(t => t.TokenHash).HasMaxLength(64);
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.HasIndex(t => t.FamilyId);
        e.HasOne<SigapUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public enum CodePurpose { ConfirmEmail, ResetPassword, ChangeEmail }

/// <summary>A 6-digit code sent by e-mail: hashed, expires, single use, limited attempts.</summary>
public sealed class VerificationCode
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public CodePurpose Purpose { get; set; }
    public string CodeHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
}

internal sealed class VerificationCodeConfiguration : IEntityTypeConfiguration<VerificationCode>
{
    public void Configure(EntityTypeBuilder<VerificationCode> e)
    {
        e.ToTable("VerificationCodes");
        e.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(20);
        e.Property(c => c.CodeHash).HasMaxLength(64);
        e.HasIndex(c => new { c.UserId, c.Purpose });
        e.HasOne<SigapUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// One sign-in: a cookie or an API token family (its id is the refresh tokens' FamilyId and the "sid" claim).
/// Every request checks that its session is not revoked, so sign-out, lock and the like take effect at once.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> e)
    {
        e.ToTable("UserSessions");
        e.HasIndex(s => s.UserId);
        e.HasOne<SigapUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Raised in the transaction of every change of a user's role grants, so a scope held by an open page sees it.</summary>
public sealed class UserGrantsVersion
{
    public Guid UserId { get; set; }
    public long Version { get; set; }
}

internal sealed class UserGrantsVersionConfiguration : IEntityTypeConfiguration<UserGrantsVersion>
{
    public void Configure(EntityTypeBuilder<UserGrantsVersion> e)
    {
        e.ToTable("UserGrantsVersions");
        // No foreign key: the row of Guid.Empty counts for everyone (GrantsVersions.Everyone); EF must not replace that
        // "default" key with a generated one.
        e.HasKey(v => v.UserId);
        e.Property(v => v.UserId).ValueGeneratedNever();
    }
}
