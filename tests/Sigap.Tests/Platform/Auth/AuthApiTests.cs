using Sigap.Web.Modules.Budget.Contracts;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Auth;
using static Sigap.Tests.Platform.Auth.AuthTestKit;

namespace Sigap.Tests.Platform.Auth;

public sealed class AuthApiTests(DemoApp app)
{
    [Fact]
    public async Task Register_mails_a_code_in_Indonesian_confirm_activates_and_login_returns_tokens_and_user()
    {
        var email = NewEmail();
        using var client = app.CreateClient();
        (await RegisterAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var mail = await app.Mail.WaitForAsync(email);
        mail.Subject.Should().Be("Konfirmasi e-mail Sigap Anda");
        mail.Body.Should().Contain("Budi Santoso").And.Contain("10 menit");
        var code = await app.Mail.WaitForCodeAsync(email);

        // Not confirmed yet: the right password still does not sign in.
        (await LoginAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await client.PostAsync("/api/auth/confirm", new { email, code })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var tokens = await TokensAsync(client, email);
        tokens.AccessToken.Should().NotBeNullOrEmpty();
        tokens.RefreshToken.Should().NotBeNullOrEmpty();
        tokens.ExpiresIn.Should().Be(15 * 60);
        tokens.User.Email.Should().Be(email);
        tokens.User.FirstName.Should().Be("Budi");
        tokens.User.LastName.Should().Be("Santoso");
        tokens.User.Roles.Should().BeEmpty();

        var stored = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email, Ct));
        stored.PhoneNumber.Should().Be("+6281234567890");
        stored.EmailConfirmed.Should().BeTrue();
        var codeRow = await app.WithDbAsync(db => db.VerificationCodes.SingleAsync(c => c.UserId == stored.Id, Ct));
        codeRow.CodeHash.Should().NotContain(code).And.HaveLength(64);
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.UserId == stored.Id && (a.Action == "auth.registered" || a.Action == "auth.email.confirmed"), Ct)))
            .Should().Be(2);
    }

    [Fact]
    public async Task Login_response_carries_the_role_grants_of_a_demo_user()
    {
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, Demo.RegionJatim, Sigap.Web.Platform.Demo.DemoSeeder.Password);
        tokens.User.Roles.Should().ContainSingle().Which.Should().Match<RoleGrantDto>(r =>
            r.Role == BudgetRoles.RegionAdmin && r.UnitCode == "R-JATIM" && r.UnitName == "Jawa Timur" && r.UnitKind == Sigap.Web.Platform.Org.OrgUnitKind.Region);
    }

    [Fact]
    public async Task Registering_a_confirmed_address_is_accepted_without_a_code_and_an_unconfirmed_one_gets_a_new_code()
    {
        using var client = app.CreateClient();
        var confirmed = NewEmail();
        await CreateUserAsync(app, confirmed);
        // The same answer as for a new address (AccountExistenceTests): the owner is told by e-mail, no code is sent.
        (await RegisterAsync(client, confirmed)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await app.Mail.WaitForAsync(confirmed, m => m.Subject.Contains("mencoba mendaftar"));
        (await app.WithDbAsync(db => db.VerificationCodes.CountAsync(c => db.Users.Any(u => u.Id == c.UserId && u.Email == confirmed), Ct))).Should().Be(1);

        var pending = NewEmail();
        (await RegisterAsync(client, pending)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var first = await app.Mail.WaitForCodeAsync(pending);
        (await RegisterAsync(client, pending)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var second = await app.Mail.WaitForCodeAsync(pending, skip: 1);
        if (first != second)
            (await (await client.PostAsync("/api/auth/confirm", new { email = pending, code = first })).FieldErrorsAsync("code"))
                .Should().Equal("Kode salah.");
        (await client.PostAsync("/api/auth/confirm", new { email = pending, code = second })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Resend_answers_202_for_anyone_and_mails_a_new_code_to_an_unconfirmed_address()
    {
        using var client = app.CreateClient();
        var unknown = NewEmail("nobody");
        (await client.PostAsync("/api/auth/confirm/resend", new { email = unknown })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == unknown, Ct))).Should().Be(0);

        var email = NewEmail();
        (await RegisterAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await app.Mail.WaitForCodeAsync(email);
        (await client.PostAsync("/api/auth/confirm/resend", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var code = await app.Mail.WaitForCodeAsync(email, skip: 1);
        (await client.PostAsync("/api/auth/confirm", new { email, code })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Wrong_code_is_400_on_field_code()
    {
        var email = NewEmail();
        using var client = app.CreateClient();
        await RegisterAsync(client, email);
        var code = await app.Mail.WaitForCodeAsync(email);
        var wrong = code == "000000" ? "000001" : "000000";
        (await (await client.PostAsync("/api/auth/confirm", new { email, code = wrong })).FieldErrorsAsync("code")).Should().Equal("Kode salah.");
        (await (await client.PostAsync("/api/auth/confirm", new { email, code = "12ab" })).FieldErrorsAsync("code")).Should().Equal("Kode terdiri dari 6 angka.");
        // An address nobody registered gets the same answer.
        (await (await client.PostAsync("/api/auth/confirm", new { email = NewEmail(), code })).FieldErrorsAsync("code")).Should().Equal("Kode salah.");
    }

    [Fact]
    public async Task Five_wrong_codes_kill_the_code()
    {
        var email = NewEmail();
        using var client = app.CreateClient();
        await RegisterAsync(client, email);
        var code = await app.Mail.WaitForCodeAsync(email);
        var wrong = code == "999999" ? "999998" : "999999";
        for (var i = 0; i < 5; i++)
            (await client.PostAsync("/api/auth/confirm", new { email, code = wrong })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await (await client.PostAsync("/api/auth/confirm", new { email, code })).FieldErrorsAsync("code"))
            .Should().ContainSingle().Which.Should().StartWith("Terlalu banyak percobaan kode yang salah.");
        (await LoginAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_used_code_cannot_be_used_again()
    {
        var email = NewEmail();
        using var client = app.CreateClient();
        await RegisterAsync(client, email);
        var code = await app.Mail.WaitForCodeAsync(email);
        (await client.PostAsync("/api/auth/confirm", new { email, code })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await client.PostAsync("/api/auth/confirm", new { email, code })).FieldErrorsAsync("code"))
            .Should().Equal("Kode sudah pernah digunakan. Minta kode baru.");
    }

    [Fact]
    public async Task Login_works_by_username_and_by_email_and_a_wrong_password_is_401_like_an_unknown_user()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        var byEmail = await TokensAsync(client, email.ToUpperInvariant());
        byEmail.User.UserName.Should().Be(email.Split('@')[0]);
        (await TokensAsync(client, byEmail.User.UserName!)).User.Id.Should().Be(byEmail.User.Id);

        var wrong = await LoginAsync(client, email, "Salah-Sandi-2026");
        var unknown = await LoginAsync(client, NewEmail(), "Salah-Sandi-2026");
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unknown.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var wrongText = (await wrong.ProblemAsync()).GetProperty("detail").GetString();
        wrongText.Should().Be("E-mail/nama pengguna atau kata sandi salah.");
        (await unknown.ProblemAsync()).GetProperty("detail").GetString().Should().Be(wrongText);
    }

    [Fact]
    public async Task Five_failed_logins_lock_the_account_even_for_the_right_password_until_a_reset()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
            (await LoginAsync(client, email, "Salah-Sandi-2026")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var locked = await LoginAsync(client, email);
        locked.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await locked.ProblemAsync()).GetProperty("detail").GetString().Should().StartWith("Akun terkunci").And.Contain("WIB");
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.UserId == userId && a.Action == "auth.lockout", Ct))).Should().Be(1);

        // A password reset proves the mailbox and ends the lockout.
        (await client.PostAsync("/api/auth/password/forgot", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var code = await app.Mail.WaitForCodeAsync(email, skip: 1);
        (await client.PostAsync("/api/auth/password/reset", new { email, code, newPassword = "Baru-Sandi-2027" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await LoginAsync(client, email, "Baru-Sandi-2027")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_a_rotated_token_revokes_the_whole_family()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        var first = await TokensAsync(client, email);

        var rotated = await client.PostAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        rotated.StatusCode.Should().Be(HttpStatusCode.OK);
        var second = (await rotated.Content.ReadFromJsonAsync<TokenResponse>(Json, Ct))!;
        second.RefreshToken.Should().NotBe(first.RefreshToken);
        second.User.Email.Should().Be(email);

        // The new access token works.
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", second.AccessToken) } };
        (await client.SendAsync(me, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Someone replays the old token: refused, and the legitimate newer token dies with it.
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = second.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // Another sign-in is another family and is not affected.
        var other = await TokensAsync(client, email);
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = other.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        (await client.PostAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var hash = TokenService.HashOf(tokens.RefreshToken);
        (await app.WithDbAsync(db => db.RefreshTokens.SingleAsync(t => t.TokenHash == hash, Ct))).RevokedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_answers_202_and_sends_nothing()
    {
        var email = NewEmail("ghost");
        using var client = app.CreateClient();
        (await client.PostAsync("/api/auth/password/forgot", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == email, Ct))).Should().Be(0);
    }

    [Fact]
    public async Task Reset_password_sets_the_new_one_retires_the_old_and_revokes_refresh_tokens()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        var before = await TokensAsync(client, email);

        (await client.PostAsync("/api/auth/password/forgot", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var mail = await app.Mail.WaitForAsync(email, m => m.Subject == "Atur ulang kata sandi Sigap");
        mail.Body.Should().Contain("10 menit");
        var code = await app.Mail.WaitForCodeAsync(email, skip: 1);

        (await (await client.PostAsync("/api/auth/password/reset", new { email, code, newPassword = "lemah" })).FieldErrorsAsync("newPassword"))
            .Should().Equal("Kata sandi minimal 8 karakter dan memuat huruf besar, huruf kecil dan angka.");
        (await client.PostAsync("/api/auth/password/reset", new { email, code, newPassword = "Baru-Sandi-2027" })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await LoginAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await LoginAsync(client, email, "Baru-Sandi-2027")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = before.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var userId = before.User.Id;
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.UserId == userId && a.Action == "auth.password.reset", Ct))).Should().Be(1);
    }

    [Fact]
    public async Task Me_shows_and_updates_the_profile_and_a_new_email_waits_for_its_code()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        var profile = (await client.GetFromJsonAsync<Profile>("/api/me", Json, Ct))!;
        profile.Email.Should().Be(email);
        profile.FirstName.Should().Be("Budi");

        var newEmail = NewEmail("new");
        var userName = $"budi_{Guid.NewGuid():N}"[..30];
        var put = await client.PutAsJsonAsync("/api/me", new
        {
            firstName = "Budiman", lastName = "S.", userName, gender = "Male", phone = "+62 811-2233-4455", email = newEmail, preferredLanguage = "en",
        }, Ct);
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(Ct));
        profile = (await put.Content.ReadFromJsonAsync<Profile>(Json, Ct))!;
        profile.Should().Match<Profile>(p => p.FirstName == "Budiman" && p.LastName == "S." && p.UserName == userName && p.Gender == Gender.Male
            && p.Phone == "+6281122334455" && p.PreferredLanguage == "en" && p.Email == email && p.PendingEmail == newEmail);

        // The code goes to the new address, in the user's language now English.
        var mail = await app.Mail.WaitForAsync(newEmail);
        mail.Subject.Should().Be("Confirm your new Sigap e-mail address");
        var code = await app.Mail.WaitForCodeAsync(newEmail);
        var confirm = await client.PostAsync("/api/me/email/confirm", new { code });
        confirm.StatusCode.Should().Be(HttpStatusCode.OK);
        profile = (await confirm.Content.ReadFromJsonAsync<Profile>(Json, Ct))!;
        profile.Email.Should().Be(newEmail);
        profile.PendingEmail.Should().BeNull();

        (await LoginAsync(client, newEmail)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LoginAsync(client, userName)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LoginAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.UserId == tokens.User.Id && a.Action == "auth.email.changed", Ct))).Should().Be(1);
    }

    [Fact]
    public async Task Me_rejects_invalid_fields_and_a_taken_username()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = await app.ClientForAsync(email, Password);
        var bad = await client.PutAsJsonAsync("/api/me", new { firstName = new string('x', 101), userName = "a b", email = "not-an-email", phone = "12", preferredLanguage = "fr" }, Ct);
        (await bad.FieldErrorsAsync("firstName")).Should().Equal("Maksimal 100 karakter.");
        (await bad.FieldErrorsAsync("userName")).Should().ContainSingle();
        (await bad.FieldErrorsAsync("email")).Should().Equal("Alamat e-mail tidak valid.");
        (await bad.FieldErrorsAsync("phone")).Should().ContainSingle();
        (await bad.FieldErrorsAsync("preferredLanguage")).Should().ContainSingle();

        var taken = await client.PutAsJsonAsync("/api/me", new { firstName = "Budi", userName = "admin", email }, Ct);
        taken.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Me_needs_a_signed_in_user()
    {
        using var client = app.CreateClient();
        (await client.GetAsync("/api/me", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changing_the_password_checks_the_current_one_and_signs_out_other_sessions()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        var elsewhere = await TokensAsync(client, email);
        var here = await TokensAsync(client, email);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", here.AccessToken);

        var wrong = await client.PutAsJsonAsync("/api/me/password", new { currentPassword = "Salah-Sandi-2026", newPassword = "Baru-Sandi-2027" }, Ct);
        (await wrong.FieldErrorsAsync("currentPassword")).Should().Equal("Kata sandi saat ini salah.");

        (await client.PutAsJsonAsync("/api/me/password", new { currentPassword = Password, newPassword = "Baru-Sandi-2027" }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = elsewhere.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.PostAsync("/api/auth/refresh", new { refreshToken = here.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LoginAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await LoginAsync(client, email, "Baru-Sandi-2027")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.UserId == here.User.Id && a.Action == "auth.password.changed", Ct))).Should().Be(1);
    }

    [Fact]
    public async Task Register_validates_every_field_in_Indonesian()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync("/api/auth/register", new { lastName = new string('x', 101), email = "bukan-email", phone = "123", password = "pendek" });
        (await response.FieldErrorsAsync("firstName")).Should().Equal("Wajib diisi.");
        (await response.FieldErrorsAsync("lastName")).Should().Equal("Maksimal 100 karakter.");
        (await response.FieldErrorsAsync("email")).Should().Equal("Alamat e-mail tidak valid.");
        (await response.FieldErrorsAsync("phone")).Should().Equal("Nomor telepon Indonesia tidak valid (contoh: 0812xxxxxxx).");
        (await response.FieldErrorsAsync("password")).Should().Equal("Kata sandi minimal 8 karakter dan memuat huruf besar, huruf kecil dan angka.");
        var tooLong = await client.PostAsync("/api/auth/register", new { firstName = "A", email = NewEmail(), phone = "08123456789", password = "Aa1" + new string('x', 130) });
        (await tooLong.FieldErrorsAsync("password")).Should().Equal("Maksimal 128 karakter.");
    }

    [Fact]
    public async Task Messages_are_English_with_Accept_Language_en_and_so_is_the_mail()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var invalid = await client.PostAsync("/api/auth/register", new { email = "x" });
        (await invalid.FieldErrorsAsync("firstName")).Should().Equal("Required.");
        (await invalid.ProblemAsync()).GetProperty("title").GetString().Should().Be("The submitted data is not valid.");

        var wrong = await LoginAsync(client, NewEmail(), "Salah-Sandi-2026");
        (await wrong.ProblemAsync()).GetProperty("detail").GetString().Should().Be("Wrong e-mail/username or password.");

        var email = NewEmail();
        (await RegisterAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var mail = await app.Mail.WaitForAsync(email);
        mail.Subject.Should().Be("Confirm your Sigap e-mail");
        mail.Body.Should().Contain("10 minutes");
        var code = await app.Mail.WaitForCodeAsync(email);
        (await (await client.PostAsync("/api/auth/confirm", new { email, code = code == "000000" ? "000001" : "000000" })).FieldErrorsAsync("code"))
            .Should().Equal("Wrong code.");
    }

    [Fact]
    public async Task Sign_in_success_and_failure_are_audited_with_the_login_and_never_the_password()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        await TokensAsync(client, email);
        (await LoginAsync(client, email, "Salah-Sandi-2026")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var unknown = NewEmail("nobody");
        (await LoginAsync(client, unknown, "Salah-Sandi-2026")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        var rows = await app.WithDbAsync(db => db.AuditLog.Where(a => a.UserId == userId && a.Action.StartsWith("auth.login")).ToListAsync(Ct));
        rows.Select(r => r.Action).Should().BeEquivalentTo("auth.login.succeeded", "auth.login.failed");
        rows.Should().OnlyContain(r => r.Data!.Contains(email) && !r.Data.Contains("Salah-Sandi") && !r.Data.Contains(Password));
        var anonymous = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Action == "auth.login.failed" && a.UserId == null).Select(a => a.Data).ToListAsync(Ct));
        anonymous.Should().Contain(d => d!.Contains(unknown));
    }
}

public sealed class AuthAccountStateTests(DemoApp app)
{
    [Fact]
    public async Task A_deactivated_user_gets_403_with_the_right_password_and_401_with_a_wrong_one()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email, Ct);
            user.IsActive = false;
            await db.SaveChangesAsync(Ct);
        });
        using var client = app.CreateClient();
        var refused = await LoginAsync(client, email);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.ProblemAsync()).GetProperty("detail").GetString().Should().Be("Akun ini dinonaktifkan. Hubungi administrator.");
        (await LoginAsync(client, email, "Salah-Sandi-2026")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_saved_language_travels_in_the_access_token_and_the_cookie_principal()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using (var client = await app.ClientForAsync(email, Password))
            (await client.PutAsJsonAsync("/api/me", new { firstName = "Budi", lastName = "Santoso", email, preferredLanguage = "en" }, Ct))
                .StatusCode.Should().Be(HttpStatusCode.OK);

        // A new token carries lang=en: answers are English without any Accept-Language.
        using var english = await app.ClientForAsync(email, Password);
        var wrong = await english.PutAsJsonAsync("/api/me/password", new { currentPassword = "Salah-Sandi-2026", newPassword = "Baru-Sandi-2027" }, Ct);
        (await wrong.FieldErrorsAsync("currentPassword")).Should().Equal("The current password is wrong.");

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SigapUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<SigapUser>>();
        var principal = await factory.CreateAsync((await users.FindByEmailAsync(email))!);
        principal.FindFirst("lang")!.Value.Should().Be("en");
        principal.FindFirst("name")!.Value.Should().Be("Budi Santoso");
    }

    [Fact]
    public async Task Every_auth_endpoint_is_described_in_the_OpenAPI_document()
    {
        using var client = app.CreateClient();
        var json = await client.GetStringAsync("/openapi/v1.json", Ct);
        foreach (var operation in new[] { "AuthRegister", "AuthConfirmEmail", "AuthResendConfirmation", "AuthLogin", "AuthRefresh", "AuthLogout",
                     "AuthForgotPassword", "AuthResetPassword", "MeGet", "MeUpdate", "MeConfirmEmail", "MeChangePassword" })
            json.Should().Contain($"\"operationId\": \"{operation}\"");
        json.Should().Contain("\"/api/auth/password/reset\"").And.Contain("\"/api/me/email/confirm\"");
    }
}

/// <summary>An app whose clock these tests move: codes, access tokens and lockouts run out on it.</summary>
public sealed class OwnClockApp : SigapFactory
{
    protected override bool Demo => false;
}

public sealed class AuthExpiryTests(OwnClockApp app) : IClassFixture<OwnClockApp>
{
    private AuthOptions Options => app.Services.GetRequiredService<AuthOptions>();

    [Fact]
    public async Task An_expired_code_is_refused_with_a_message_saying_so()
    {
        var email = NewEmail();
        using var client = app.CreateClient();
        (await RegisterAsync(client, email)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var code = await app.Mail.WaitForCodeAsync(email);
        var expiresAt = await app.WithDbAsync(db => db.VerificationCodes.Where(c => c.Purpose == CodePurpose.ConfirmEmail)
            .Join(db.Users.Where(u => u.Email == email), c => c.UserId, u => u.Id, (c, _) => c.ExpiresAt).SingleAsync(Ct));
        expiresAt.Should().Be(app.Clock.GetUtcNow() + Options.CodeLifetime);
        app.Clock.Advance(Options.CodeLifetime + TimeSpan.FromSeconds(1));

        (await (await client.PostAsync("/api/auth/confirm", new { email, code })).FieldErrorsAsync("code"))
            .Should().Equal("Kode sudah kedaluwarsa. Minta kode baru.");
    }

    [Fact]
    public async Task An_access_token_works_until_its_lifetime_and_the_clock_skew_are_over()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        var tokens = await TokensAsync(client, email);
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);

        app.Clock.Advance(Options.AccessTokenLifetime);
        (await client.GetAsync("/api/me", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the 30 s clock skew still covers it");
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        (await client.GetAsync("/api/me", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_lockout_ends_when_the_apps_clock_passes_its_duration()
    {
        var email = NewEmail();
        await CreateUserAsync(app, email);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SigapUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        for (var i = 0; i < Options.MaxFailedLogins; i++) await users.AccessFailedAsync(user);

        user.LockoutEnd.Should().Be(app.Clock.GetUtcNow() + Options.LockoutDuration);
        (await users.IsLockedOutAsync(user)).Should().BeTrue();
        app.Clock.Advance(Options.LockoutDuration + TimeSpan.FromSeconds(1));
        (await users.IsLockedOutAsync(user)).Should().BeFalse();
    }
}

/// <summary>Three auth requests a minute per client address.</summary>
public sealed class RateLimitedApp : SigapFactory
{
    protected override bool Demo => false;
    protected override void Configure(IDictionary<string, string?> settings) => settings["RateLimits:AuthPerMinute"] = "3";
}

public sealed class AuthRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task The_fourth_auth_request_in_a_minute_is_429()
    {
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
            (await LoginAsync(client, NewEmail(), "Salah-Sandi-2026")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var limited = await client.PostAsync("/api/auth/password/forgot", new { email = NewEmail() });
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.Should().NotBeNull();
        (await limited.ProblemAsync()).GetProperty("title").GetString().Should().Be("Terlalu banyak permintaan. Coba lagi sebentar lagi.");
    }
}
