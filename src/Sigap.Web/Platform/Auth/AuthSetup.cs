using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Auth;

public sealed class AuthOptions
{
    public const string Issuer = "sigap";
    public const string Audience = "sigap-api";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public int CodeMaxAttempts { get; set; } = 5;
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}

internal static class AuthSetup
{
    /// <summary>Picks the JWT bearer handler when the request carries a bearer token, else the Identity cookie.</summary>
    public const string SmartScheme = "Sigap";

    public static IServiceCollection AddSigapAuth(this IServiceCollection services, IConfiguration config)
    {
        var authOptions = config.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(authOptions);
        services.AddSingleton<SigapKeys>();

        services.AddIdentityCore<SigapUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = authOptions.MaxFailedLogins;
                o.Lockout.DefaultLockoutTimeSpan = authOptions.LockoutDuration;
                o.SignIn.RequireConfirmedEmail = true;
            })
            .AddEntityFrameworkStores<SigapDb>()
            .AddUserManager<ClockedUserManager>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", o => o.ForwardDefaultSelector = http =>
                IsBearer(http.Request) ? JwtBearerDefaults.AuthenticationScheme : IdentityConstants.ApplicationScheme)
            .AddJwtBearer()
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "sigap.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                // The API answers 401/403 as ProblemDetails; only pages redirect to the login form.
                o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
                // A signed-out, locked or deactivated user's cookie (even a copy) stops working at its next request.
                var securityStamp = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = ctx => Sessions.ValidateCookieAsync(ctx, securityStamp);
            }));

        // A password change or reset renews the security stamp too; the rebuilt principal keeps its session.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = Sessions.KeepSessionClaim;
        });
        services.AddSingleton<Sessions>();
        services.AddScoped<CookieSessions>();

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<SigapKeys, TimeProvider>((o, keys, clock) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = AuthOptions.Issuer,
                ValidAudience = AuthOptions.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(keys.JwtSigningKey),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = "name",
                ClockSkew = TimeSpan.FromSeconds(30),
                // JwtBearer 8 checks lifetimes against the machine clock; the app's TimeProvider decides instead.
                LifetimeValidator = (notBefore, expires, _, p) => ValidLifetime(clock.GetUtcNow().UtcDateTime, notBefore, expires, p.ClockSkew),
            };
            // A signed token is not enough: its session must not be revoked (logout, reuse of a refresh token, lock…).
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async ctx =>
                {
                    var sessions = ctx.HttpContext.RequestServices.GetRequiredService<Sessions>();
                    if (ctx.Principal is null || !await sessions.IsAliveAsync(ctx.Principal, ctx.HttpContext.RequestAborted)) ctx.Fail("The session has ended.");
                },
            };
        });

        services.AddScoped<ScopeService>();
        services.AddScoped<IAuthorizationHandler, RoleRequirementHandler>();
        services.AddAuthorization(o =>
        {
            // Every endpoint needs a signed-in user unless it says [AllowAnonymous]; a test walks them all.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            o.AddPlatformPolicies();
        });
        services.AddOrgAdminPolicy();
        return services;
    }

    public static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool ValidLifetime(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew) =>
        expires is { } end && now < end + skew && (notBefore is not { } start || now >= start - skew);

    private static Task RedirectOrStatus(HttpContext http, string redirectUri, int status)
    {
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/files"))
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        http.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
