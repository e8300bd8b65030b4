using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Auth;

public enum CodeOutcome { Ok, Wrong, Expired, Used, Exhausted }

/// <summary>
/// 6-digit codes sent by e-mail. Only an HMAC of the code is stored (keyed, so a leaked table cannot be brute-forced
/// offline over the million possible codes); a code expires, is used once and dies after too many wrong tries.
/// </summary>
public sealed class CodeService(AuthOptions options, SigapKeys keys, TimeProvider clock)
{
    /// <summary>Adds a fresh code to <paramref name="db"/> (saved with the caller's change) and returns it in clear for the e-mail.</summary>
    public async Task<(string Code, VerificationCode Row)> IssueAsync(SigapDb db, Guid userId, CodePurpose purpose, CancellationToken ct = default)
    {
        // Only the newest code of a purpose is valid: older ones go with this save.
        var older = await db.VerificationCodes.Where(c => c.UserId == userId && c.Purpose == purpose).ToListAsync(ct);
        db.VerificationCodes.RemoveRange(older);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow();
        var row = new VerificationCode
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Purpose = purpose,
            CodeHash = Hash(userId, purpose, code),
            CreatedAt = now,
            ExpiresAt = now + options.CodeLifetime,
        };
        db.VerificationCodes.Add(row);
        return (code, row);
    }

    /// <summary>
    /// Checks a code without consuming it. A wrong try is counted at once (atomically, so parallel guesses all count).
    /// On <see cref="CodeOutcome.Ok"/> the caller calls <see cref="ConsumeAsync"/> inside the transaction of its change.
    /// </summary>
    public async Task<(CodeOutcome Outcome, VerificationCode? Row)> VerifyAsync(SigapDb db, Guid? userId, CodePurpose purpose, string code, CancellationToken ct = default)
    {
        if (userId is not { } id) return (CodeOutcome.Wrong, null);
        var row = await db.VerificationCodes.AsNoTracking()
            .Where(c => c.UserId == id && c.Purpose == purpose)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
        if (row is null) return (CodeOutcome.Wrong, null);
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.CodeHash), Encoding.ASCII.GetBytes(Hash(id, purpose, code.Trim())));
        if (row.ConsumedAt is not null) return (matches ? CodeOutcome.Used : CodeOutcome.Wrong, row);
        if (row.FailedAttempts >= options.CodeMaxAttempts) return (CodeOutcome.Exhausted, row);
        if (clock.GetUtcNow() >= row.ExpiresAt) return (CodeOutcome.Expired, row);
        if (matches) return (CodeOutcome.Ok, row);
        await db.VerificationCodes.Where(c => c.Id == row.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), ct);
        return (row.FailedAttempts + 1 >= options.CodeMaxAttempts ? CodeOutcome.Exhausted : CodeOutcome.Wrong, row);
    }

    /// <summary>Marks the code used; false when a parallel request used it first.</summary>
    public async Task<bool> ConsumeAsync(SigapDb db, VerificationCode row, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.VerificationCodes.Where(c => c.Id == row.Id && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), ct) == 1;
    }

    public static string MessageKey(CodeOutcome outcome) => outcome switch
    {
        CodeOutcome.Expired => "auth.code.expired",
        CodeOutcome.Used => "auth.code.used",
        CodeOutcome.Exhausted => "auth.code.exhausted",
        _ => "auth.code.wrong",
    };

    private string Hash(Guid userId, CodePurpose purpose, string code) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(keys.CodeHashKey, Encoding.UTF8.GetBytes($"{userId:N}:{purpose}:{code}")));
}
