using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Tests.Platform;

/// <summary>
/// A bearer client for a demo user with a token signed by the app's own key, checked by the app's real JWT bearer
/// handler. Used by the files and notifications tests so they do not depend on the login endpoint of the auth area.
/// </summary>
internal static class SignedInClients
{
    /// <summary>
    /// A new user of its own (so counts are not shared with other tests) and a client signed in as them; with
    /// <paramref name="roleOnRoot"/>, that role granted on the root of the org tree.
    /// </summary>
    /// <summary>The root of the org tree; an app without demo data gets one.</summary>
    private static async Task<int> RootIdAsync(SigapDb db)
    {
        if (await db.OrgUnits.Where(u => u.ParentId == null).OrderBy(u => u.Id).Select(u => (int?)u.Id).FirstOrDefaultAsync() is { } id) return id;
        var root = new OrgUnit { Code = "ROOT", Name = "Sigap", Kind = OrgUnitKind.Root, Path = "/", CreatedAt = DateTimeOffset.UnixEpoch };
        db.OrgUnits.Add(root);
        await db.SaveChangesAsync();
        root.Path = $"/{root.Id}/";
        await db.SaveChangesAsync();
        return root.Id;
    }

    public static async Task<(HttpClient Client, Guid UserId)> ForNewUserAsync(SigapFactory app, Role? roleOnRoot = null)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        await app.WithDbAsync(async db =>
        {
            var id = Guid.CreateVersion7();
            if (roleOnRoot is { } role)
                db.RoleAssignments.Add(new RoleAssignment
                {
                    Id = Guid.CreateVersion7(), UserId = id, Role = role, CreatedAt = app.Clock.GetUtcNow(),
                    OrgUnitId = await RootIdAsync(db),
                });
            db.Users.Add(new SigapUser
            {
                Id = id,
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                FirstName = "Uji",
                CreatedAt = app.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        });
        return await ForAsync(app, email);
    }

    public static async Task<(HttpClient Client, Guid UserId)> ForAsync(SigapFactory app, string email)
    {
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        // Every token names a live session, as the tokens of POST /api/auth/login do.
        var sessionId = await app.WithDbAsync(async db =>
        {
            var id = app.Services.GetRequiredService<Sessions>().Start(db, userId);
            await db.SaveChangesAsync();
            return id;
        });
        var keys = app.Services.GetRequiredService<SigapKeys>();
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("name", email), new Claim(Sessions.Claim, sessionId.ToString())]),
            // On the app's clock, which a test may have moved.
            IssuedAt = app.Clock.GetUtcNow().UtcDateTime,
            NotBefore = app.Clock.GetUtcNow().UtcDateTime,
            Expires = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(keys.JwtSigningKey), SecurityAlgorithms.HmacSha256),
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, userId);
    }
}
