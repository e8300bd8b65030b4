using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Platform.Auth;

public sealed record RegisterRequest(string? FirstName, string? LastName, string? Email, string? Phone, string? Password);
public sealed record ConfirmEmailRequest(string? Email, string? Code);
public sealed record EmailRequest(string? Email);
public sealed record LoginRequest(string? Login, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record ResetPasswordRequest(string? Email, string? Code, string? NewPassword);
public sealed record UpdateMeRequest(string? FirstName, string? LastName, string? UserName, Gender? Gender, string? Phone, string? Email, string? PreferredLanguage);
public sealed record CodeRequest(string? Code);
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record UserDto(Guid Id, string Email, string? UserName, string FirstName, string? LastName, string? PreferredLanguage, IReadOnlyList<RoleGrantDto> Roles);
public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, UserDto User);

internal static class AuthApi
{
    public static IServiceCollection AddAuthApi(this IServiceCollection services)
    {
        Texts.Add(AuthTexts.All);
        services.AddSingleton<CodeService>();
        services.AddScoped<TokenService>();
        services.AddScoped<AccountService>();
        services.Replace(ServiceDescriptor.Scoped<IUserClaimsPrincipalFactory<SigapUser>, SigapClaimsFactory>());
        return services;
    }

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(PlatformModule.AuthRateLimit)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        auth.MapPost("/register", Register).WithName("AuthRegister")
            .WithSummary("Register an account; a 6-digit code is e-mailed to confirm the address")
            .WithDescription("Always 202 for valid fields, so it tells nothing about accounts: a new or unconfirmed address gets a code, the owner of a confirmed one gets an e-mail saying someone tried.")
            .Produces(StatusCodes.Status202Accepted).ProducesValidationProblem();
        auth.MapPost("/confirm", Confirm).WithName("AuthConfirmEmail").WithSummary("Confirm the e-mail address with the code")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
        auth.MapPost("/confirm/resend", Resend).WithName("AuthResendConfirmation")
            .WithSummary("Send a new confirmation code (always 202, tells nothing about accounts)").Produces(StatusCodes.Status202Accepted).ProducesValidationProblem();
        auth.MapPost("/login", Login).WithName("AuthLogin").WithSummary("Sign in with e-mail or username and password; returns access and refresh tokens")
            .WithDescription("401: wrong login or password (the same answer for unknown users and for locked accounts). 403, only after the right password: locked (until when), e-mail not confirmed, or deactivated.")
            .Produces<TokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        auth.MapPost("/refresh", Refresh).WithName("AuthRefresh").WithSummary("Exchange a refresh token for a new token pair (the old one is rotated out)")
            .WithDescription("Presenting a token that was already rotated ends that sign-in (its refresh and access tokens) and answers 401.")
            .Produces<TokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", Logout).WithName("AuthLogout").WithSummary("End the sign-in of the refresh token: its refresh tokens and access tokens stop working at once");
        auth.MapPost("/password/forgot", Forgot).WithName("AuthForgotPassword")
            .WithSummary("E-mail a password reset code (always 202, tells nothing about accounts)").Produces(StatusCodes.Status202Accepted).ProducesValidationProblem();
        auth.MapPost("/password/reset", Reset).WithName("AuthResetPassword").WithSummary("Set a new password with the e-mailed code; signs out every session")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();

        var me = app.MapGroup("/api/me").WithTags("Me").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapGet("/", GetMe).WithName("MeGet").WithSummary("The signed-in user's profile and role grants");
        me.MapPut("/", UpdateMe).WithName("MeUpdate").WithSummary("Update the profile; a new e-mail address waits as pendingEmail until confirmed")
            .Produces<Profile>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        // These check a code or the current password: the sign-in limiter guards them too.
        me.MapPost("/email/confirm", ConfirmEmailChange).WithName("MeConfirmEmail").WithSummary("Confirm the pending e-mail address with the code sent to it")
            .Produces<Profile>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRateLimiting(PlatformModule.AuthRateLimit).ProducesProblem(StatusCodes.Status429TooManyRequests);
        me.MapPut("/password", ChangePassword).WithName("MeChangePassword").WithSummary("Change the password; other sessions are signed out at once")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
            .RequireRateLimiting(PlatformModule.AuthRateLimit).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static Task<Results<Accepted, FailureHttpResult>> Register(RegisterRequest req, AccountService accounts, CancellationToken ct) =>
        accounts.RegisterAsync(req.FirstName ?? "", req.LastName, req.Email ?? "", req.Phone ?? "", req.Password ?? "", ct).ToHttpAsync(_ => Accepted);

    private static Task<Results<NoContent, FailureHttpResult>> Confirm(ConfirmEmailRequest req, AccountService accounts, CancellationToken ct) =>
        accounts.ConfirmEmailAsync(req.Email ?? "", req.Code ?? "", ct).ToHttpAsync(_ => TypedResults.NoContent());

    private static Task<Results<Accepted, FailureHttpResult>> Resend(EmailRequest req, AccountService accounts, CancellationToken ct) =>
        accounts.ResendConfirmationAsync(req.Email ?? "", ct).ToHttpAsync(_ => Accepted);

    private static async Task<IResult> Login(LoginRequest req, AccountService accounts, TokenService tokens, CancellationToken ct)
    {
        var login = await accounts.CheckLoginAsync(req.Login ?? "", req.Password ?? "", ct);
        if (login.Value is not { } user) return login.Error!.ToHttp();
        var pair = await tokens.IssueAsync(user, ct);
        return TypedResults.Ok(await ResponseAsync(pair, user, accounts, ct));
    }

    private static async Task<IResult> Refresh(RefreshRequest req, AccountService accounts, TokenService tokens, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(req.RefreshToken)) return Errors.Problems.Field("refreshToken", "validation.required");
        if (await tokens.RefreshAsync(req.RefreshToken, ct) is not { } rotated) return Failure.Unauthorized("auth.refreshInvalid").ToHttp();
        return TypedResults.Ok(await ResponseAsync(rotated.Pair, rotated.User, accounts, ct));
    }

    private static async Task<Results<NoContent, ValidationProblem>> Logout(RefreshRequest req, TokenService tokens, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(req.RefreshToken)) return Errors.Problems.Field("refreshToken", "validation.required");
        await tokens.RevokeAsync(req.RefreshToken, ct);
        return TypedResults.NoContent();
    }

    private static Task<Results<Accepted, FailureHttpResult>> Forgot(EmailRequest req, AccountService accounts, CancellationToken ct) =>
        accounts.RequestPasswordResetAsync(req.Email ?? "", ct).ToHttpAsync(_ => Accepted);

    private static Task<Results<NoContent, FailureHttpResult>> Reset(ResetPasswordRequest req, AccountService accounts, CancellationToken ct) =>
        accounts.ResetPasswordAsync(req.Email ?? "", req.Code ?? "", req.NewPassword ?? "", ct).ToHttpAsync(_ => TypedResults.NoContent());

    private static async Task<Results<Ok<Profile>, ProblemHttpResult>> GetMe(ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
        await accounts.GetProfileAsync(user.UserId(), ct) is { } profile ? TypedResults.Ok(profile) : Errors.Problems.NotFound();

    private static async Task<IResult> UpdateMe(UpdateMeRequest req, ClaimsPrincipal user, AccountService accounts, CancellationToken ct)
    {
        var updated = await accounts.UpdateProfileAsync(user.UserId(),
            new ProfileUpdate(req.FirstName ?? "", req.LastName, req.UserName, req.Gender, req.Phone, req.Email ?? "", req.PreferredLanguage), ct);
        return updated.Ok ? await ProfileAsync(user, accounts, ct) : (IResult)updated.Error!.ToHttp();
    }

    private static async Task<IResult> ConfirmEmailChange(CodeRequest req, ClaimsPrincipal user, AccountService accounts, CancellationToken ct)
    {
        var confirmed = await accounts.ConfirmEmailChangeAsync(user.UserId(), req.Code ?? "", ct);
        return confirmed.Ok ? await ProfileAsync(user, accounts, ct) : (IResult)confirmed.Error!.ToHttp();
    }

    private static Task<Results<NoContent, FailureHttpResult>> ChangePassword(ChangePasswordRequest req, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
        accounts.ChangePasswordAsync(user.UserId(), req.CurrentPassword ?? "", req.NewPassword ?? "", Sessions.SessionOf(user), ct)
            .ToHttpAsync(_ => TypedResults.NoContent());

    private static readonly Accepted Accepted = TypedResults.Accepted((string?)null);

    private static async Task<IResult> ProfileAsync(ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
        await accounts.GetProfileAsync(user.UserId(), ct) is { } profile ? TypedResults.Ok(profile) : Errors.Problems.NotFound();

    private static async Task<TokenResponse> ResponseAsync(TokenPair pair, SigapUser user, AccountService accounts, CancellationToken ct)
    {
        var profile = await accounts.GetProfileAsync(user.Id, ct);
        var dto = new UserDto(user.Id, user.Email ?? "", user.UserName, user.FirstName, user.LastName, user.PreferredLanguage, profile?.Roles ?? []);
        return new TokenResponse(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, dto);
    }
}
