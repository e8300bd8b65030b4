using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
            .WithDescription("An address that is already confirmed answers 409; an unconfirmed one gets a new code.").ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/confirm", Confirm).WithName("AuthConfirmEmail").WithSummary("Confirm the e-mail address with the code");
        auth.MapPost("/confirm/resend", Resend).WithName("AuthResendConfirmation")
            .WithSummary("Send a new confirmation code (always 202, tells nothing about accounts)");
        auth.MapPost("/login", Login).WithName("AuthLogin").WithSummary("Sign in with e-mail or username and password; returns access and refresh tokens")
            .WithDescription("401: wrong login or password (the same answer for unknown users). 403: locked (until when), e-mail not confirmed, or deactivated.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        auth.MapPost("/refresh", Refresh).WithName("AuthRefresh").WithSummary("Exchange a refresh token for a new token pair (the old one is rotated out)")
            .WithDescription("Presenting a token that was already rotated revokes every token of that sign-in and answers 401.").ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", Logout).WithName("AuthLogout").WithSummary("Revoke the refresh token and its whole sign-in");
        auth.MapPost("/password/forgot", Forgot).WithName("AuthForgotPassword")
            .WithSummary("E-mail a password reset code (always 202, tells nothing about accounts)");
        auth.MapPost("/password/reset", Reset).WithName("AuthResetPassword").WithSummary("Set a new password with the e-mailed code; signs out every session");

        var me = app.MapGroup("/api/me").WithTags("Me").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapGet("/", GetMe).WithName("MeGet").WithSummary("The signed-in user's profile and role grants");
        me.MapPut("/", UpdateMe).WithName("MeUpdate").WithSummary("Update the profile; a new e-mail address waits as pendingEmail until confirmed")
            .ProducesProblem(StatusCodes.Status409Conflict);
        me.MapPost("/email/confirm", ConfirmEmailChange).WithName("MeConfirmEmail").WithSummary("Confirm the pending e-mail address with the code sent to it").ProducesProblem(StatusCodes.Status409Conflict);
        me.MapPut("/password", ChangePassword).WithName("MeChangePassword").WithSummary("Change the password; other sessions are signed out");
        return app;
    }

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> Register(RegisterRequest req, AccountService accounts, CancellationToken ct)
    {
        var r = await accounts.RegisterAsync(req.FirstName ?? "", req.LastName, req.Email ?? "", req.Phone ?? "", req.Password ?? "", ct);
        if (r.Succeeded) return TypedResults.Accepted((string?)null);
        return r.Status == 400 ? Invalid(r) : Problem(r);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Confirm(ConfirmEmailRequest req, AccountService accounts, CancellationToken ct)
    {
        var r = await accounts.ConfirmEmailAsync(req.Email ?? "", req.Code ?? "", ct);
        if (r.Succeeded) return TypedResults.NoContent();
        return r.Status == 400 ? Invalid(r) : Problem(r);
    }

    private static async Task<Results<Accepted, ValidationProblem>> Resend(EmailRequest req, AccountService accounts, CancellationToken ct)
    {
        var r = await accounts.ResendConfirmationAsync(req.Email ?? "", ct);
        return r.Succeeded ? TypedResults.Accepted((string?)null) : Invalid(r);
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(LoginRequest req, AccountService accounts,
        TokenService tokens, CancellationToken ct)
    {
        var check = await accounts.CheckLoginAsync(req.Login ?? "", req.Password ?? "", ct);
        if (!check.Succeeded || check.User is null) return check.Result.Status == 400 ? Invalid(check.Result) : Problem(check.Result);
        var pair = await tokens.IssueAsync(check.User, ct);
        return TypedResults.Ok(await ResponseAsync(pair, check.User, accounts, ct));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(RefreshRequest req, AccountService accounts,
        TokenService tokens, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(req.RefreshToken)) return Errors.Problems.Field("refreshToken", "validation.required");
        if (await tokens.RefreshAsync(req.RefreshToken, ct) is not { } rotated)
            return Problem(AccountResult.Fail(StatusCodes.Status401Unauthorized, "", "auth.refreshInvalid"));
        return TypedResults.Ok(await ResponseAsync(rotated.Pair, rotated.User, accounts, ct));
    }

    private static async Task<Results<NoContent, ValidationProblem>> Logout(RefreshRequest req, TokenService tokens, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(req.RefreshToken)) return Errors.Problems.Field("refreshToken", "validation.required");
        await tokens.RevokeAsync(req.RefreshToken, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Accepted, ValidationProblem>> Forgot(EmailRequest req, AccountService accounts, CancellationToken ct)
    {
        var r = await accounts.RequestPasswordResetAsync(req.Email ?? "", ct);
        return r.Succeeded ? TypedResults.Accepted((string?)null) : Invalid(r);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Reset(ResetPasswordRequest req, AccountService accounts, CancellationToken ct)
    {
        var r = await accounts.ResetPasswordAsync(req.Email ?? "", req.Code ?? "", req.NewPassword ?? "", ct);
        if (r.Succeeded) return TypedResults.NoContent();
        return r.Status == 400 ? Invalid(r) : Problem(r);
    }

    private static async Task<Results<Ok<Profile>, ProblemHttpResult>> GetMe(ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
        await accounts.GetProfileAsync(user.UserId(), ct) is { } profile ? TypedResults.Ok(profile) : Errors.Problems.NotFound();

    private static async Task<Results<Ok<Profile>, ValidationProblem, ProblemHttpResult>> UpdateMe(UpdateMeRequest req, ClaimsPrincipal user,
        AccountService accounts, CancellationToken ct)
    {
        var r = await accounts.UpdateProfileAsync(user.UserId(),
            new ProfileUpdate(req.FirstName ?? "", req.LastName, req.UserName, req.Gender, req.Phone, req.Email ?? "", req.PreferredLanguage), ct);
        if (!r.Succeeded) return r.Status == 400 ? Invalid(r) : Problem(r);
        return await accounts.GetProfileAsync(user.UserId(), ct) is { } profile ? TypedResults.Ok(profile) : Errors.Problems.NotFound();
    }

    private static async Task<Results<Ok<Profile>, ValidationProblem, ProblemHttpResult>> ConfirmEmailChange(CodeRequest req, ClaimsPrincipal user,
        AccountService accounts, CancellationToken ct)
    {
        var r = await accounts.ConfirmEmailChangeAsync(user.UserId(), req.Code ?? "", ct);
        if (!r.Succeeded) return r.Status == 400 ? Invalid(r) : Problem(r);
        return await accounts.GetProfileAsync(user.UserId(), ct) is { } profile ? TypedResults.Ok(profile) : Errors.Problems.NotFound();
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePassword(ChangePasswordRequest req, ClaimsPrincipal user,
        AccountService accounts, CancellationToken ct)
    {
        var r = await accounts.ChangePasswordAsync(user.UserId(), req.CurrentPassword ?? "", req.NewPassword ?? "", ct, TokenService.SessionOf(user));
        if (r.Succeeded) return TypedResults.NoContent();
        return r.Status == 400 ? Invalid(r) : Problem(r);
    }

    private static async Task<TokenResponse> ResponseAsync(TokenPair pair, SigapUser user, AccountService accounts, CancellationToken ct)
    {
        var profile = await accounts.GetProfileAsync(user.Id, ct);
        var dto = new UserDto(user.Id, user.Email ?? "", user.UserName, user.FirstName, user.LastName, user.PreferredLanguage, profile?.Roles ?? []);
        return new TokenResponse(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, dto);
    }

    private static ValidationProblem Invalid(AccountResult r) =>
        TypedResults.ValidationProblem(
            r.Errors.GroupBy(e => e.Field.Length == 0 ? "body" : e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: Texts.Get("error.validation"));

    private static ProblemHttpResult Problem(AccountResult r)
    {
        var message = r.Errors.Count > 0 ? r.Errors[0].Message : null;
        return TypedResults.Problem(title: message, detail: message, statusCode: r.Status);
    }
}
