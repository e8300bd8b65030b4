using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Auth;

/// <summary>Cookie sign-ins carry the same "name" (display name) and "lang" claims as the access token.</summary>
internal sealed class SigapClaimsFactory(UserManager<SigapUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<SigapUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(SigapUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("name", user.DisplayName));
        if (user.PreferredLanguage is { Length: > 0 } lang) identity.AddClaim(new Claim(LocalizationSetup.LanguageClaim, lang));
        return identity;
    }
}
