using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Messaging;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Auth;

/// <summary>Field = camelCase field name, "" for a general message; Message already localized.</summary>
public sealed record AccountError(string Field, string Message);

/// <summary>Status: the HTTP status the API answers (400 validation, 401, 403 locked/unconfirmed, 409 …).</summary>
public sealed record AccountResult(bool Succeeded, IReadOnlyList<AccountError> Errors, int Status = 200)
{
    public static readonly AccountResult Ok = new(true, []);
    public static readonly AccountResult Accepted = new(true, [], StatusCodes.Status202Accepted);

    public static AccountResult Fail(int status, string field, string key, params object?[] args) =>
        new(false, [new AccountError(field, Texts.Get(key, args))], status);

    public static AccountResult From(Check check) =>
        new(false, check.Errors.SelectMany(e => e.Value.Select(m => new AccountError(e.Key, m))).ToList(), StatusCodes.Status400BadRequest);
}

public sealed record LoginCheck(bool Succeeded, SigapUser? User, AccountResult Result);

public sealed record ProfileUpdate(string FirstName, string? LastName, string? UserName, Gender? Gender, string? Phone, string Email, string? PreferredLanguage);

public sealed record Profile(Guid Id, string Email, string? PendingEmail, string? UserName, string FirstName, string? LastName, Gender? Gender,
    string? Phone, string? PreferredLanguage, IReadOnlyList<RoleGrantDto> Roles);

public sealed record RoleGrantDto(Guid Id, Role Role, int UnitId, string UnitCode, string UnitName, OrgUnitKind UnitKind);

/// <summary>
/// Account use cases shared by the JSON API and the Blazor account pages: sign-in checks, registration with an e-mailed
/// code, password reset, profile and password changes. Every result carries localized messages and the HTTP status.
/// </summary>
public sealed class AccountService(
    SigapDb db,
    UserManager<SigapUser> users,
    CodeService codes,
    Outbox outbox,
    AuditLog audit,
    AuthOptions options,
    TimeProvider clock)
{
    public const int NameMax = 100;
    public const int EmailMax = 256;
    public const int PasswordMax = 128;

    // Checked against when the login matches no user, so both answers take as long as a password check.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<SigapUser>().HashPassword(new SigapUser(), Guid.NewGuid().ToString()));

    public async Task<LoginCheck> CheckLoginAsync(string login, string password, CancellationToken ct = default)
    {
        var check = new Check().Text("login", login, EmailMax).Required("password", password).MaxLength("password", password, PasswordMax);
        if (check.Failed) return new LoginCheck(false, null, AccountResult.From(check));
        login = login.Trim();

        var user = await FindByLoginAsync(login, ct);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new SigapUser(), DummyHash.Value, password);
            return await LoginFailedAsync(null, login, "unknown", ct);
        }
        if (await users.IsLockedOutAsync(user))
            return await LoginFailedAsync(user, login, "locked", ct, LockedResult(user));

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user); // counts towards lockout, saves
            if (await users.IsLockedOutAsync(user))
                audit.Record(db, "auth.lockout", user.Id, "user", user.Id.ToString(), data: new { login, until = user.LockoutEnd });
            return await LoginFailedAsync(user, login, "password", ct);
        }
        // Only after the right password, so these answers do not tell strangers which accounts exist.
        if (!user.IsActive) return await LoginFailedAsync(user, login, "inactive", ct, AccountResult.Fail(403, "", "auth.inactive"));
        if (!user.EmailConfirmed) return await LoginFailedAsync(user, login, "unconfirmed", ct, AccountResult.Fail(403, "", "auth.unconfirmed"));

        if (user.AccessFailedCount > 0 || user.LockoutEnd is not null)
        {
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
        }
        audit.Record(db, "auth.login.succeeded", user.Id, "user", user.Id.ToString(), data: new { login });
        await db.SaveChangesAsync(ct);
        return new LoginCheck(true, user, AccountResult.Ok);
    }

    public async Task<AccountResult> RegisterAsync(string firstName, string? lastName, string email, string phone, string password, CancellationToken ct = default)
    {
        var check = new Check()
            .Text("firstName", firstName, NameMax).MaxLength("lastName", lastName, NameMax)
            .Text("email", email, EmailMax).Email("email", email)
            .Required("phone", phone).Phone("phone", phone)
            .Password("password", password);
        if (check.Failed) return AccountResult.From(check);
        email = email.Trim();

        var user = await users.FindByEmailAsync(email);
        if (user is { EmailConfirmed: true }) return AccountResult.Fail(409, "email", "auth.emailTaken");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (user is null)
        {
            user = new SigapUser
            {
                Id = Guid.CreateVersion7(),
                Email = email,
                UserName = await FreeUserNameAsync(email, ct),
                CreatedAt = clock.GetUtcNow(),
            };
            Apply(user);
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return IdentityErrors(created, "password");
        }
        else
        {
            // Not confirmed yet: whoever registers again with this address may start over; only the mailbox owner can confirm.
            Apply(user);
            user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        await SendCodeAsync(user, CodePurpose.ConfirmEmail, email, ct);
        audit.Record(db, "auth.registered", user.Id, "user", user.Id.ToString(), data: new { email });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return AccountResult.Accepted;

        void Apply(SigapUser u)
        {
            u.FirstName = firstName.Trim();
            u.LastName = string.IsNullOrWhiteSpace(lastName) ? null : lastName.Trim();
            u.PhoneNumber = Phones.ToE164(phone);
        }
    }

    /// <summary>A new confirmation code for an unconfirmed address. Always succeeds, so it tells nothing about accounts.</summary>
    public async Task<AccountResult> ResendConfirmationAsync(string email, CancellationToken ct = default)
    {
        var check = new Check().Text("email", email, EmailMax).Email("email", email);
        if (check.Failed) return AccountResult.From(check);
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is { EmailConfirmed: false, IsActive: true })
        {
            await SendCodeAsync(user, CodePurpose.ConfirmEmail, user.Email!, ct);
            await db.SaveChangesAsync(ct);
        }
        return AccountResult.Accepted;
    }

    public async Task<AccountResult> ConfirmEmailAsync(string email, string code, CancellationToken ct = default)
    {
        var check = new Check().Text("email", email, EmailMax).Email("email", email);
        CheckCode(check, code);
        if (check.Failed) return AccountResult.From(check);

        var user = await users.FindByEmailAsync(email.Trim());
        return await WithCodeAsync(user, CodePurpose.ConfirmEmail, code, u =>
        {
            u.EmailConfirmed = true;
            audit.Record(db, "auth.email.confirmed", u.Id, "user", u.Id.ToString(), data: new { email = u.Email });
        }, ct);
    }

    public async Task<AccountResult> RequestPasswordResetAsync(string email, CancellationToken ct = default)
    {
        var check = new Check().Text("email", email, EmailMax).Email("email", email);
        if (check.Failed) return AccountResult.From(check);
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is { IsActive: true })
        {
            await SendCodeAsync(user, CodePurpose.ResetPassword, user.Email!, ct);
            audit.Record(db, "auth.password.resetRequested", user.Id, "user", user.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        return AccountResult.Accepted;
    }

    public async Task<AccountResult> ResetPasswordAsync(string email, string code, string newPassword, CancellationToken ct = default)
    {
        var check = new Check().Text("email", email, EmailMax).Email("email", email);
        CheckCode(check, code);
        check.Password("newPassword", newPassword);
        if (check.Failed) return AccountResult.From(check);

        var user = await users.FindByEmailAsync(email.Trim());
        var result = await WithCodeAsync(user, CodePurpose.ResetPassword, code, u =>
        {
            SetPassword(u, newPassword);
            // The code came through the mailbox, which is what confirmation proves too; and a reset ends any lockout.
            u.EmailConfirmed = true;
            u.AccessFailedCount = 0;
            u.LockoutEnd = null;
            audit.Record(db, "auth.password.reset", u.Id, "user", u.Id.ToString());
        }, ct, revokeTokensExcept: Guid.Empty);
        return result.Succeeded ? new AccountResult(true, [], StatusCodes.Status204NoContent) : result;
    }

    public async Task<Profile?> GetProfileAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return null;
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId)
            .Join(db.OrgUnits, r => r.OrgUnitId, u => u.Id, (r, u) => new RoleGrantDto(r.Id, r.Role, u.Id, u.Code, u.Name, u.Kind))
            .ToListAsync(ct);
        return new Profile(user.Id, user.Email ?? "", user.PendingEmail, user.UserName, user.FirstName, user.LastName, user.Gender,
            user.PhoneNumber, user.PreferredLanguage, roles.OrderBy(r => r.UnitCode, StringComparer.Ordinal).ThenBy(r => r.Role).ToList());
    }

    public async Task<AccountResult> UpdateProfileAsync(Guid userId, ProfileUpdate update, CancellationToken ct = default)
    {
        var check = new Check()
            .Text("firstName", update.FirstName, NameMax).MaxLength("lastName", update.LastName, NameMax)
            .Text("email", update.Email, EmailMax).Email("email", update.Email)
            .Phone("phone", update.Phone);
        if (update.UserName is not null) check.Text("userName", update.UserName, 50).Username("userName", update.UserName);
        if (update.PreferredLanguage is { Length: > 0 } lang && lang is not ("id" or "en")) check.Add("preferredLanguage", "auth.language");
        if (check.Failed) return AccountResult.From(check);

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return AccountResult.Fail(404, "", "error.notFound");

        // Conflicts first, so a refused update leaves the tracked user untouched.
        var userName = update.UserName?.Trim();
        var userNameChanged = userName is not null && !string.Equals(userName, user.UserName, StringComparison.Ordinal);
        var normalizedName = userName is null ? null : users.NormalizeName(userName);
        if (userNameChanged && await db.Users.AnyAsync(u => u.NormalizedUserName == normalizedName && u.Id != userId, ct))
            return AccountResult.Fail(409, "userName", "auth.userNameTaken");
        var email = update.Email.Trim();
        var sameEmail = string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase);
        var samePending = string.Equals(email, user.PendingEmail, StringComparison.OrdinalIgnoreCase);
        var normalizedEmail = users.NormalizeEmail(email);
        if (!sameEmail && !samePending && await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail && u.Id != userId, ct))
            return AccountResult.Fail(409, "email", "auth.emailTaken");

        if (userNameChanged)
        {
            user.UserName = userName;
            user.NormalizedUserName = normalizedName;
        }
        user.FirstName = update.FirstName.Trim();
        user.LastName = string.IsNullOrWhiteSpace(update.LastName) ? null : update.LastName.Trim();
        user.Gender = update.Gender;
        user.PhoneNumber = Phones.ToE164(update.Phone);
        user.PreferredLanguage = string.IsNullOrEmpty(update.PreferredLanguage) ? null : update.PreferredLanguage;

        var status = StatusCodes.Status200OK;
        if (sameEmail)
            user.PendingEmail = null;
        else if (samePending)
            status = StatusCodes.Status202Accepted; // still waiting for the code already sent
        else
        {
            // The address changes only once its owner proves it with the code sent there.
            user.PendingEmail = email;
            await SendCodeAsync(user, CodePurpose.ChangeEmail, email, ct);
            audit.Record(db, "auth.email.changeRequested", user.Id, "user", user.Id.ToString(), data: new { from = user.Email, to = email });
            status = StatusCodes.Status202Accepted;
        }
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(ct);
        return new AccountResult(true, [], status);
    }

    public async Task<AccountResult> ConfirmEmailChangeAsync(Guid userId, string code, CancellationToken ct = default)
    {
        var check = new Check();
        CheckCode(check, code);
        if (check.Failed) return AccountResult.From(check);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return AccountResult.Fail(404, "", "error.notFound");
        if (user.PendingEmail is null) return AccountResult.Fail(400, "code", "auth.code.noPending");
        var normalized = users.NormalizeEmail(user.PendingEmail);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != userId, ct))
            return AccountResult.Fail(409, "email", "auth.emailTaken");

        return await WithCodeAsync(user, CodePurpose.ChangeEmail, code, u =>
        {
            audit.Record(db, "auth.email.changed", u.Id, "user", u.Id.ToString(), data: new { from = u.Email, to = u.PendingEmail });
            u.Email = u.PendingEmail;
            u.NormalizedEmail = normalized;
            u.EmailConfirmed = true;
            u.PendingEmail = null;
            u.SecurityStamp = Guid.NewGuid().ToString("N");
        }, ct);
    }

    /// <summary>Changes the password and revokes the refresh tokens of every other session (<paramref name="keepSession"/> is the caller's own).</summary>
    public async Task<AccountResult> ChangePasswordAsync(Guid userId, string currentPassword, string newPassword, CancellationToken ct = default, Guid? keepSession = null)
    {
        var check = new Check().Required("currentPassword", currentPassword).MaxLength("currentPassword", currentPassword, PasswordMax)
            .Password("newPassword", newPassword);
        if (check.Failed) return AccountResult.From(check);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return AccountResult.Fail(404, "", "error.notFound");
        if (!await users.CheckPasswordAsync(user, currentPassword))
            return AccountResult.Fail(400, "currentPassword", "auth.currentPasswordWrong");

        SetPassword(user, newPassword);
        await RevokeTokensAsync(user.Id, keepSession ?? Guid.Empty, ct);
        audit.Record(db, "auth.password.changed", user.Id, "user", user.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new AccountResult(true, [], StatusCodes.Status204NoContent);
    }

    /// <summary>Finds a user by e-mail first, then by username.</summary>
    public async Task<SigapUser?> FindByLoginAsync(string login, CancellationToken ct = default)
    {
        var normalized = users.NormalizeEmail(login);
        if (login.Contains('@'))
        {
            var byEmail = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
            if (byEmail is not null) return byEmail;
        }
        var name = users.NormalizeName(login);
        return await db.Users.FirstOrDefaultAsync(u => u.NormalizedUserName == name, ct);
    }

    private async Task<LoginCheck> LoginFailedAsync(SigapUser? user, string login, string reason, CancellationToken ct, AccountResult? result = null)
    {
        audit.Record(db, "auth.login.failed", user?.Id, "user", user?.Id.ToString(), data: new { login, reason });
        await db.SaveChangesAsync(ct);
        return new LoginCheck(false, user, result ?? AccountResult.Fail(401, "", "auth.invalidCredentials"));
    }

    private AccountResult LockedResult(SigapUser user)
    {
        // Business time is WIB (UTC+7, no daylight saving).
        var until = (user.LockoutEnd ?? clock.GetUtcNow()).ToOffset(JakartaTime.Offset);
        return AccountResult.Fail(403, "", "auth.locked", until.ToString("d MMM yyyy HH:mm", CultureInfo.CurrentCulture) + " WIB");
    }

    /// <summary>Checks the code and, when right, applies the change, consumes the code and saves, all in one transaction.</summary>
    private async Task<AccountResult> WithCodeAsync(SigapUser? user, CodePurpose purpose, string code, Action<SigapUser> change,
        CancellationToken ct, Guid? revokeTokensExcept = null)
    {
        var (outcome, row) = await codes.VerifyAsync(db, user?.Id, purpose, code, ct);
        if (outcome != CodeOutcome.Ok || user is null) return AccountResult.Fail(400, "code", CodeService.MessageKey(outcome));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await codes.ConsumeAsync(db, row!, ct)) return AccountResult.Fail(400, "code", "auth.code.used");
        change(user);
        if (revokeTokensExcept is { } keep) await RevokeTokensAsync(user.Id, keep, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return AccountResult.Ok;
    }

    private async Task RevokeTokensAsync(Guid userId, Guid keepFamily, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var active = await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null && t.FamilyId != keepFamily).ToListAsync(ct);
        foreach (var token in active) token.RevokedAt = now;
    }

    private void SetPassword(SigapUser user, string password)
    {
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        // Invalidates cookie sessions elsewhere once their security stamp is validated again.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
    }

    private async Task SendCodeAsync(SigapUser user, CodePurpose purpose, string to, CancellationToken ct)
    {
        var (code, row) = await codes.IssueAsync(db, user.Id, purpose, ct);
        var (subjectKey, bodyKey) = purpose switch
        {
            CodePurpose.ResetPassword => ("auth.mail.reset.subject", "auth.mail.reset.body"),
            CodePurpose.ChangeEmail => ("auth.mail.change.subject", "auth.mail.change.body"),
            _ => ("auth.mail.confirm.subject", "auth.mail.confirm.body"),
        };
        // The user's saved language wins; otherwise the language of the request that caused the mail.
        var previous = CultureInfo.CurrentUICulture;
        if (user.PreferredLanguage is { Length: > 0 } lang) CultureInfo.CurrentUICulture = new CultureInfo(LocalizationSetup.CultureFor(lang));
        try
        {
            var subject = Texts.Get(subjectKey);
            var body = Texts.Get(bodyKey, user.DisplayName, code, Lifetime(options.CodeLifetime));
            outbox.Email(db, to, subject, body, $"auth.code:{row.Id:N}", reference: $"user:{user.Id}");
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string Lifetime(TimeSpan span) => span.TotalMinutes >= 1
        ? Texts.Get("auth.time.minutes", (int)Math.Round(span.TotalMinutes))
        : Texts.Get("auth.time.seconds", Math.Max(1, (int)Math.Round(span.TotalSeconds)));

    private static void CheckCode(Check check, string? code)
    {
        check.Required("code", code);
        if (!check.Has("code") && (code!.Trim().Length != 6 || !code.Trim().All(char.IsAsciiDigit))) check.Add("code", "auth.code.format");
    }

    private async Task<string> FreeUserNameAsync(string email, CancellationToken ct)
    {
        var local = new string(email.Split('@')[0].Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').ToArray());
        if (local.Length < 3) local = (local + "user")[..Math.Max(3, local.Length)];
        if (local.Length > 40) local = local[..40];
        var candidate = local;
        while (true)
        {
            var normalized = users.NormalizeName(candidate);
            if (!await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct)) return candidate;
            candidate = $"{local}{RandomNumberGenerator.GetInt32(1000, 10000)}";
        }
    }

    private static AccountResult IdentityErrors(IdentityResult result, string field) =>
        new(false, result.Errors.Select(e => new AccountError(
            e.Code.Contains("UserName", StringComparison.Ordinal) ? "userName" : e.Code.Contains("Email", StringComparison.Ordinal) ? "email" : field,
            e.Description)).ToList(), StatusCodes.Status400BadRequest);
}
