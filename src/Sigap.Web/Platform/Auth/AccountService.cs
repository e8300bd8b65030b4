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

public sealed record ProfileUpdate(string FirstName, string? LastName, string? UserName, Gender? Gender, string? Phone, string Email, string? PreferredLanguage);

public sealed record Profile(Guid Id, string Email, string? PendingEmail, string? UserName, string FirstName, string? LastName, Gender? Gender,
    string? Phone, string? PreferredLanguage, IReadOnlyList<RoleGrantDto> Roles);

public sealed record RoleGrantDto(Guid Id, Role Role, int UnitId, string UnitCode, string UnitName, OrgUnitKind UnitKind);

/// <summary>
/// Account use cases shared by the JSON API and the Blazor account pages: sign-in checks, registration with an e-mailed
/// code, password reset, profile and password changes. They answer <see cref="Outcome{T}"/> like every handler; the
/// answers to strangers (sign-in, register, forgot) are the same for known and unknown accounts.
/// </summary>
public sealed class AccountService(
    SigapDb db,
    UserManager<SigapUser> users,
    CodeService codes,
    Outbox outbox,
    AuditLog audit,
    Sessions sessions,
    AuthOptions options,
    TimeProvider clock)
{
    public const int NameMax = 100;
    public const int EmailMax = 256;
    public const int PasswordMax = 128;

    // Checked against when the login matches no user, so both answers take as long as a password check.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<SigapUser>().HashPassword(new SigapUser(), Guid.NewGuid().ToString()));

    /// <summary>The user when login and password match an account that may sign in.</summary>
    public async Task<Outcome<SigapUser>> CheckLoginAsync(string login, string password, CancellationToken ct = default)
    {
        var check = new Check().Text("login", login, EmailMax).Required("password", password).MaxLength("password", password, PasswordMax);
        if (check.Failed) return Failure.Invalid(check);
        login = login.Trim();

        var user = await FindByLoginAsync(login, ct);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new SigapUser(), DummyHash.Value, password);
            return await LoginFailedAsync(null, login, "unknown", ct);
        }
        var passwordRight = await users.CheckPasswordAsync(user, password);
        // A wrong password on a locked account is answered like any wrong password: "locked" is only for the owner,
        // so neither the account's existence nor a lockout someone else caused is shown to a stranger.
        if (await users.IsLockedOutAsync(user))
            return await LoginFailedAsync(user, login, "locked", ct, passwordRight ? LockedFailure(user) : null);

        if (!passwordRight)
        {
            await users.AccessFailedAsync(user); // counts towards lockout, saves
            if (await users.IsLockedOutAsync(user))
                audit.Record(db, "auth.lockout", user.Id, "user", user.Id.ToString(), data: new { login, until = user.LockoutEnd });
            return await LoginFailedAsync(user, login, "password", ct);
        }
        // Only after the right password, so these answers do not tell strangers which accounts exist.
        if (!user.IsActive) return await LoginFailedAsync(user, login, "inactive", ct, new Failure(FailureKind.Forbidden, "auth.inactive"));
        if (!user.EmailConfirmed) return await LoginFailedAsync(user, login, "unconfirmed", ct, new Failure(FailureKind.Forbidden, "auth.unconfirmed"));

        if (user.AccessFailedCount > 0 || user.LockoutEnd is not null)
        {
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
        }
        audit.Record(db, "auth.login.succeeded", user.Id, "user", user.Id.ToString(), data: new { login });
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>
    /// Always accepted when the fields are valid: a new address gets a code; a confirmed one is not registered again but
    /// its owner is told by e-mail, so the answer does not reveal who has an account.
    /// </summary>
    public async Task<Outcome<bool>> RegisterAsync(string firstName, string? lastName, string email, string phone, string password, CancellationToken ct = default)
    {
        var check = new Check()
            .Text("firstName", firstName, NameMax).MaxLength("lastName", lastName, NameMax)
            .Text("email", email, EmailMax).Email("email", email)
            .Required("phone", phone).Phone("phone", phone)
            .Password("password", password);
        if (check.Failed) return Failure.Invalid(check);
        email = email.Trim();

        var user = await users.FindByEmailAsync(email);
        if (user is { EmailConfirmed: true })
        {
            // As long as a new account takes: hash the offered password too.
            users.PasswordHasher.HashPassword(user, password);
            SendMail(user, user.Email!, "auth.mail.registered.subject", "auth.mail.registered.body", $"auth.registered:{Guid.CreateVersion7():N}");
            audit.Record(db, "auth.register.existing", user.Id, "user", user.Id.ToString(), data: new { email });
            await db.SaveChangesAsync(ct);
            return true;
        }

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
        return true;

        void Apply(SigapUser u)
        {
            u.FirstName = firstName.Trim();
            u.LastName = string.IsNullOrWhiteSpace(lastName) ? null : lastName.Trim();
            u.PhoneNumber = Phones.ToE164(phone);
        }
    }

    /// <summary>A new confirmation code for an unconfirmed address. Always succeeds, so it tells nothing about accounts.</summary>
    public async Task<Outcome<bool>> ResendConfirmationAsync(string email, CancellationToken ct = default)
    {
        var check = new Check().Text("email", email, EmailMax).Email("email", email);
        if (check.Failed) return Failure.Invalid(check);
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is { EmailConfirmed: false, IsActive: true })
        {
            await SendCodeAsync(user, CodePurpose.ConfirmEmail, user.Email!, ct);
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    public async Task<Outcome<bool>> ConfirmEmailAsync(string email, string code, CancellationToken ct = default)
    {
        var check = new Check().Text("email", email, EmailMax).Email("email", email);
        CheckCode(check, code);
        if (check.Failed) return Failure.Invalid(check);

        var user = await users.FindByEmailAsync(email.Trim());
        return await WithCodeAsync(user, CodePurpose.ConfirmEmail, code, u =>
        {
            u.EmailConfirmed = true;
            audit.Record(db, "auth.email.confirmed", u.Id, "user", u.Id.ToString(), data: new { email = u.Email });
        }, ct);
    }

    public async Task<Outcome<bool>> RequestPasswordResetAsync(string email, CancellationToken ct = default)
    {
        var check = new Check().Text("email", email, EmailMax).Email("email", email);
        if (check.Failed) return Failure.Invalid(check);
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is { IsActive: true })
        {
            await SendCodeAsync(user, CodePurpose.ResetPassword, user.Email!, ct);
            audit.Record(db, "auth.password.resetRequested", user.Id, "user", user.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    /// <summary>Sets a new password with the e-mailed code; every session of the user ends.</summary>
    public async Task<Outcome<bool>> ResetPasswordAsync(string email, string code, string newPassword, CancellationToken ct = default)
    {
        var check = new Check().Text("email", email, EmailMax).Email("email", email);
        CheckCode(check, code);
        check.Password("newPassword", newPassword);
        if (check.Failed) return Failure.Invalid(check);

        var user = await users.FindByEmailAsync(email.Trim());
        return await WithCodeAsync(user, CodePurpose.ResetPassword, code, u =>
        {
            SetPassword(u, newPassword);
            // The code came through the mailbox, which is what confirmation proves too; and a reset ends any lockout.
            u.EmailConfirmed = true;
            u.AccessFailedCount = 0;
            u.LockoutEnd = null;
            audit.Record(db, "auth.password.reset", u.Id, "user", u.Id.ToString());
        }, ct, endSessionsExcept: Guid.Empty);
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

    /// <summary>True when a new e-mail address waits for its code (sent now or before).</summary>
    public async Task<Outcome<bool>> UpdateProfileAsync(Guid userId, ProfileUpdate update, CancellationToken ct = default)
    {
        var check = new Check()
            .Text("firstName", update.FirstName, NameMax).MaxLength("lastName", update.LastName, NameMax)
            .Text("email", update.Email, EmailMax).Email("email", update.Email)
            .Phone("phone", update.Phone);
        if (update.UserName is not null) check.Text("userName", update.UserName, 50).Username("userName", update.UserName);
        if (update.PreferredLanguage is { Length: > 0 } lang && lang is not ("id" or "en")) check.Add("preferredLanguage", "auth.language");
        if (check.Failed) return Failure.Invalid(check);

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Failure.NotFound;

        // Conflicts first, so a refused update leaves the tracked user untouched.
        var userName = update.UserName?.Trim();
        var userNameChanged = userName is not null && !string.Equals(userName, user.UserName, StringComparison.Ordinal);
        var normalizedName = userName is null ? null : users.NormalizeName(userName);
        if (userNameChanged && await db.Users.AnyAsync(u => u.NormalizedUserName == normalizedName && u.Id != userId, ct))
            return ConflictOn("userName", "auth.userNameTaken");
        var email = update.Email.Trim();
        var sameEmail = string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase);
        var samePending = string.Equals(email, user.PendingEmail, StringComparison.OrdinalIgnoreCase);
        var normalizedEmail = users.NormalizeEmail(email);
        if (!sameEmail && !samePending && await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail && u.Id != userId, ct))
            return ConflictOn("email", "auth.emailTaken");

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

        var waiting = !sameEmail;
        if (sameEmail)
            user.PendingEmail = null;
        else if (!samePending) // else still waiting for the code already sent
        {
            // The address changes only once its owner proves it with the code sent there.
            user.PendingEmail = email;
            await SendCodeAsync(user, CodePurpose.ChangeEmail, email, ct);
            audit.Record(db, "auth.email.changeRequested", user.Id, "user", user.Id.ToString(), data: new { from = user.Email, to = email });
        }
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(ct);
        return waiting;
    }

    public async Task<Outcome<bool>> ConfirmEmailChangeAsync(Guid userId, string code, CancellationToken ct = default)
    {
        var check = new Check();
        CheckCode(check, code);
        if (check.Failed) return Failure.Invalid(check);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Failure.NotFound;
        if (user.PendingEmail is null) return Failure.Field("code", "auth.code.noPending");
        var normalized = users.NormalizeEmail(user.PendingEmail);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != userId, ct))
            return ConflictOn("email", "auth.emailTaken");

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

    /// <summary>Changes the password and ends every other session (<paramref name="keepSession"/> is the caller's own).</summary>
    public async Task<Outcome<bool>> ChangePasswordAsync(Guid userId, string currentPassword, string newPassword, Guid? keepSession, CancellationToken ct = default)
    {
        var check = new Check().Required("currentPassword", currentPassword).MaxLength("currentPassword", currentPassword, PasswordMax)
            .Password("newPassword", newPassword);
        if (check.Failed) return Failure.Invalid(check);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Failure.NotFound;
        if (!await users.CheckPasswordAsync(user, currentPassword))
            return Failure.Field("currentPassword", "auth.currentPasswordWrong");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        SetPassword(user, newPassword);
        audit.Record(db, "auth.password.changed", user.Id, "user", user.Id.ToString());
        await db.SaveChangesAsync(ct);
        await sessions.RevokeAllAsync(db, user.Id, keepSession ?? Guid.Empty, ct);
        await tx.CommitAsync(ct);
        return true;
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

    private async Task<Failure> LoginFailedAsync(SigapUser? user, string login, string reason, CancellationToken ct, Failure? failure = null)
    {
        audit.Record(db, "auth.login.failed", user?.Id, "user", user?.Id.ToString(), data: new { login, reason });
        await db.SaveChangesAsync(ct);
        return failure ?? Failure.Unauthorized("auth.invalidCredentials");
    }

    private Failure LockedFailure(SigapUser user)
    {
        // Business time is WIB (UTC+7, no daylight saving).
        var until = (user.LockoutEnd ?? clock.GetUtcNow()).ToOffset(JakartaTime.Offset);
        return new Failure(FailureKind.Forbidden, "auth.locked", [until.ToString("d MMM yyyy HH:mm", CultureInfo.CurrentCulture) + " WIB"]);
    }

    /// <summary>A 409 that a form shows under its field.</summary>
    private static Failure ConflictOn(string field, string key) =>
        new(FailureKind.Conflict, key, null, new Dictionary<string, string[]> { [field] = [Texts.Get(key)] });

    /// <summary>Checks the code and, when right, applies the change, consumes the code and saves, all in one transaction.</summary>
    private async Task<Outcome<bool>> WithCodeAsync(SigapUser? user, CodePurpose purpose, string code, Action<SigapUser> change,
        CancellationToken ct, Guid? endSessionsExcept = null)
    {
        var (outcome, row) = await codes.VerifyAsync(db, user?.Id, purpose, code, ct);
        if (outcome != CodeOutcome.Ok || user is null) return Failure.Field("code", CodeService.MessageKey(outcome));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await codes.ConsumeAsync(db, row!, ct)) return Failure.Field("code", "auth.code.used");
        change(user);
        await db.SaveChangesAsync(ct);
        if (endSessionsExcept is { } keep) await sessions.RevokeAllAsync(db, user.Id, keep, ct);
        await tx.CommitAsync(ct);
        return true;
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
        SendMail(user, to, subjectKey, bodyKey, $"auth.code:{row.Id:N}", code, Lifetime(options.CodeLifetime));
    }

    /// <summary>Queues a mail to <paramref name="to"/>; the body's first argument is the user's name, then <paramref name="args"/>.</summary>
    private void SendMail(SigapUser user, string to, string subjectKey, string bodyKey, string idempotencyKey, params object?[] args)
    {
        // The user's saved language wins; otherwise the language of the request that caused the mail.
        var previous = CultureInfo.CurrentUICulture;
        if (user.PreferredLanguage is { Length: > 0 } lang) CultureInfo.CurrentUICulture = new CultureInfo(LocalizationSetup.CultureFor(lang));
        try
        {
            var subject = Texts.Get(subjectKey);
            var body = Texts.Get(bodyKey, [user.DisplayName, .. args]);
            outbox.Email(db, to, subject, body, idempotencyKey, reference: $"user:{user.Id}");
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

    private static Failure IdentityErrors(IdentityResult result, string field) =>
        new(FailureKind.Invalid, "error.validation", null, result.Errors
            .GroupBy(e => e.Code.Contains("UserName", StringComparison.Ordinal) ? "userName" : e.Code.Contains("Email", StringComparison.Ordinal) ? "email" : field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
}
