using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Auth;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>
/// Access tokens (short-lived JWT, HS256) and rotating refresh tokens. A refresh token is 32 random bytes shown once;
/// only its SHA-256 is stored. All tokens of one sign-in share a family: presenting a token that was already rotated
/// means it was copied, so the whole family is revoked.
/// </summary>
public sealed class TokenService(SigapDb db, SigapKeys keys, AuthOptions options, Sessions sessions, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public string AccessToken(SigapUser user, Guid familyId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
            ["name"] = user.DisplayName,
            [JwtRegisteredClaimNames.Email] = user.Email ?? "",
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [Sessions.Claim] = familyId.ToString(),
        };
        if (user.PreferredLanguage is { Length: > 0 } lang) claims[LocalizationSetup.LanguageClaim] = lang;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(keys.JwtSigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A new sign-in: a new session whose id is the family of its first refresh token (saved here).</summary>
    public async Task<TokenPair> IssueAsync(SigapUser user, CancellationToken ct = default)
    {
        var familyId = sessions.Start(db, user.Id);
        var (raw, row) = NewRefreshToken(user.Id, familyId);
        db.RefreshTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return Pair(user, familyId, raw);
    }

    /// <summary>Rotates <paramref name="rawToken"/>; null when it is unknown, expired, revoked or reused (then its family is revoked).</summary>
    public async Task<(TokenPair Pair, SigapUser User)?> RefreshAsync(string rawToken, CancellationToken ct = default)
    {
        var hash = HashOf(rawToken);
        var current = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (current is null) return null;
        var now = clock.GetUtcNow();
        if (current.RevokedAt is not null || current.ReplacedById is not null)
        {
            await RevokeFamilyAsync(current.FamilyId, ct);
            return null;
        }
        if (now >= current.ExpiresAt) return null;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == current.UserId, ct);
        if (user is null || !user.IsActive || !user.EmailConfirmed || user.LockoutEnd > now)
        {
            await RevokeFamilyAsync(current.FamilyId, ct);
            return null;
        }

        var (raw, next) = NewRefreshToken(user.Id, current.FamilyId);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.RefreshTokens.Add(next);
        await db.SaveChangesAsync(ct);
        // Conditional: of two parallel refreshes with the same token only one rotates; the other is a reuse.
        var rotated = await db.RefreshTokens.Where(t => t.Id == current.Id && t.ReplacedById == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ReplacedById, next.Id).SetProperty(t => t.RevokedAt, now), ct);
        if (rotated != 1)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            await RevokeFamilyAsync(current.FamilyId, ct);
            return null;
        }
        await tx.CommitAsync(ct);
        return (Pair(user, current.FamilyId, raw), user);
    }

    /// <summary>Sign-out: revokes every token of the family of <paramref name="rawToken"/>. Unknown tokens are ignored.</summary>
    public async Task RevokeAsync(string rawToken, CancellationToken ct = default)
    {
        var hash = HashOf(rawToken);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).FirstOrDefaultAsync(ct);
        if (familyId is { } f) await RevokeFamilyAsync(f, ct);
    }

    /// <summary>Ends the sign-in: its refresh tokens and, through its session, its access tokens.</summary>
    public Task RevokeFamilyAsync(Guid familyId, CancellationToken ct = default) => sessions.RevokeAsync(db, familyId, ct);

    public static string HashOf(string rawToken) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawToken)));

    private (string Raw, RefreshToken Row) NewRefreshToken(Guid userId, Guid familyId)
    {
        var raw = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        return (raw, new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = HashOf(raw),
            CreatedAt = now,
            ExpiresAt = now + options.RefreshTokenLifetime,
        });
    }

    private TokenPair Pair(SigapUser user, Guid familyId, string raw) =>
        new(AccessToken(user, familyId), raw, (int)options.AccessTokenLifetime.TotalSeconds);
}
