using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Sigap.Web.Platform.Auth;

/// <summary>
/// Identity's lockout reads the machine clock (<c>DateTimeOffset.UtcNow</c>); here it reads the app's
/// <see cref="TimeProvider"/> like the rest of Sigap, so a lockout ends when the app's time says so (tests move that clock).
/// </summary>
public sealed class ClockedUserManager(
    IUserStore<SigapUser> store, IOptions<IdentityOptions> options, IPasswordHasher<SigapUser> hasher,
    IEnumerable<IUserValidator<SigapUser>> userValidators, IEnumerable<IPasswordValidator<SigapUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services,
    ILogger<UserManager<SigapUser>> logger, TimeProvider clock)
    : UserManager<SigapUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override Task<bool> IsLockedOutAsync(SigapUser user) =>
        Task.FromResult(user.LockoutEnabled && user.LockoutEnd >= clock.GetUtcNow());

    /// <summary>As Identity's: one more failure; at the limit, locked for the lockout time and the count starts again.</summary>
    public override async Task<IdentityResult> AccessFailedAsync(SigapUser user)
    {
        ThrowIfDisposed();
        user.AccessFailedCount++;
        if (user.AccessFailedCount >= Options.Lockout.MaxFailedAccessAttempts)
        {
            user.LockoutEnd = clock.GetUtcNow() + Options.Lockout.DefaultLockoutTimeSpan;
            user.AccessFailedCount = 0;
        }
        return await UpdateUserAsync(user);
    }
}
