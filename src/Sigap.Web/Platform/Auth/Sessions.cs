using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Auth;

/// <summary>
/// Sign-ins as rows (<see cref="UserSession"/>): every cookie and every access token names its session in the "sid" claim,
/// and every request asks <see cref="IsAliveAsync"/>. An answer "alive" is kept a few seconds so a busy page does not
/// query on each request; a revocation forgets it on this node at once (other nodes see it within <see cref="CacheFor"/>).
/// </summary>
public sealed class Sessions(IDbContextFactory<SigapDb> dbs, TimeProvider clock)
{
    public const string Claim = "sid";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, (Guid UserId, DateTimeOffset CheckedAt)> _alive = new();

    /// <summary>Adds a new session for <paramref name="userId"/> to <paramref name="db"/>; the caller saves it.</summary>
    public Guid Start(SigapDb db, Guid userId)
    {
        var session = new UserSession { Id = Guid.CreateVersion7(), UserId = userId, CreatedAt = clock.GetUtcNow() };
        db.Set<UserSession>().Add(session);
        return session.Id;
    }

    public async Task<bool> IsAliveAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (SessionOf(user) is not { } sessionId) return false;
        var userId = user.UserId();
        if (userId == Guid.Empty) return false;
        var now = clock.GetUtcNow();
        if (_alive.TryGetValue(sessionId, out var seen) && seen.UserId == userId && now - seen.CheckedAt < CacheFor) return true;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var alive = await db.Set<UserSession>().AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null, ct);
        if (alive) _alive[sessionId] = (userId, now);
        else _alive.TryRemove(sessionId, out _);
        return alive;
    }

    /// <summary>Ends one session and its refresh tokens (sign-out, a reused refresh token).</summary>
    public async Task RevokeAsync(SigapDb db, Guid sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await db.Set<UserSession>().Where(s => s.Id == sessionId && s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
        await db.RefreshTokens.Where(t => t.FamilyId == sessionId && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        _alive.TryRemove(sessionId, out _);
    }

    /// <summary>Ends every session of a user but <paramref name="keep"/> (password change or reset, lock, deactivation).</summary>
    public async Task RevokeAllAsync(SigapDb db, Guid userId, Guid? keep = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var except = keep ?? Guid.Empty;
        await db.Set<UserSession>().Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != except)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
        await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null && t.FamilyId != except)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        foreach (var (id, seen) in _alive)
            if (seen.UserId == userId && id != except) _alive.TryRemove(id, out _);
    }

    /// <summary>The session of a signed-in principal (cookie or access token), if it names one.</summary>
    public static Guid? SessionOf(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(Claim), out var id) ? id : null;

    /// <summary>
    /// The cookie is checked on every request: first Identity's security stamp (which rebuilds the principal, so the
    /// session claim is carried over in <see cref="KeepSessionClaim"/>), then the session itself.
    /// </summary>
    public static async Task ValidateCookieAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context,
        Func<Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext, Task> securityStamp)
    {
        await securityStamp(context);
        if (context.Principal is null) return;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<Sessions>();
        if (await sessions.IsAliveAsync(context.Principal, context.HttpContext.RequestAborted)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    public static Task KeepSessionClaim(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(Claim) is { } sid && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == Claim))
            identity.AddClaim(new System.Security.Claims.Claim(Claim, sid.Value));
        return Task.CompletedTask;
    }
}

/// <summary>Cookie sign-in and sign-out through <see cref="Sessions"/>, for the account pages.</summary>
public sealed class CookieSessions(SignInManager<SigapUser> signIn, Sessions sessions, SigapDb db)
{
    public async Task SignInAsync(SigapUser user, bool remember, CancellationToken ct = default)
    {
        var sessionId = sessions.Start(db, user.Id);
        await db.SaveChangesAsync(ct);
        await signIn.SignInWithClaimsAsync(user, remember, [new Claim(Sessions.Claim, sessionId.ToString())]);
    }

    /// <summary>A new cookie with fresh claims and security stamp for the same session (Identity's RefreshSignInAsync drops the session claim).</summary>
    public async Task RefreshAsync(SigapUser user)
    {
        var http = signIn.Context;
        var current = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (current.Principal is null || Sessions.SessionOf(current.Principal) is not { } sessionId) return;
        await signIn.SignInWithClaimsAsync(user, current.Properties, [new Claim(Sessions.Claim, sessionId.ToString())]);
    }

    public async Task SignOutAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (Sessions.SessionOf(user) is { } sessionId) await sessions.RevokeAsync(db, sessionId, ct);
        await signIn.SignOutAsync();
    }
}
