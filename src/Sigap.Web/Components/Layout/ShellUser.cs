using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Components.Layout;

/// <summary>What the shell shows about the signed-in user, read fresh so a profile change shows on the next page.</summary>
internal static class ShellUser
{
    public static async Task<string> DisplayNameAsync(IDbContextFactory<SigapDb> dbs, Guid userId, CancellationToken ct = default)
    {
        if (userId == Guid.Empty) return "";
        await using var db = await dbs.CreateDbContextAsync(ct);
        var user = await db.Users.Where(u => u.Id == userId)
            .Select(u => new { u.FirstName, u.LastName, u.UserName, u.Email })
            .FirstOrDefaultAsync(ct);
        if (user is null) return "";
        var name = $"{user.FirstName} {user.LastName}".Trim();
        return name.Length > 0 ? name : user.UserName ?? user.Email ?? "";
    }
}
