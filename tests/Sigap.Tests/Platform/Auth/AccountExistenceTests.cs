using System.Net;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using static Sigap.Tests.Platform.Auth.AuthTestKit;

namespace Sigap.Tests.Platform.Auth;

/// <summary>
/// A stranger learns nothing about who has an account: register and sign-in answer alike for known and unknown
/// addresses; the real owner is told by e-mail instead.
/// </summary>
public sealed class AccountExistenceTests(DemoApp app)
{
    [Fact]
    public async Task Registering_a_known_address_answers_like_a_new_one_and_mails_the_owner_instead()
    {
        var known = NewEmail("known");
        await CreateUserAsync(app, known);
        using var client = app.CreateClient();

        var again = await RegisterAsync(client, known, "Lain-Sandi-2030", firstName: "Penyusup");
        var fresh = await RegisterAsync(client, NewEmail("fresh"));
        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        fresh.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await again.Content.ReadAsStringAsync(Ct)).Should().Be(await fresh.Content.ReadAsStringAsync(Ct));

        var notice = await app.Mail.WaitForAsync(known, m => m.Subject.Contains("mencoba mendaftar"));
        notice.Subject.Should().Be("Ada yang mencoba mendaftar dengan e-mail Anda di Sigap");
        notice.Body.Should().Contain("Budi Santoso").And.Contain("atur ulang kata sandi").And.NotContain("Penyusup");

        // Nothing about the account changed: the old password signs in, the offered one does not.
        (await LoginAsync(client, known, "Lain-Sandi-2030")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await LoginAsync(client, known)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == known, Ct))).Should().Be(1);
    }

    [Fact]
    public async Task A_wrong_password_on_a_locked_account_is_answered_exactly_like_a_wrong_password_anywhere()
    {
        var email = NewEmail("locked");
        await CreateUserAsync(app, email);
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
            (await LoginAsync(client, email, "Salah-Sandi-2026")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var locked = await LoginAsync(client, email, "Salah-Sandi-2026");
        var unknown = await LoginAsync(client, NewEmail("nobody"), "Salah-Sandi-2026");
        locked.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unknown.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Comparable(await locked.ProblemAsync()).Should().Be(Comparable(await unknown.ProblemAsync()));

        // Only whoever knows the password learns that the account is locked.
        var owner = await LoginAsync(client, email);
        owner.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await owner.ProblemAsync()).GetProperty("detail").GetString().Should().StartWith("Akun terkunci");
    }

    /// <summary>The problem without the members that differ per request (trace and request ids).</summary>
    private static string Comparable(JsonElement problem) =>
        string.Join("|", problem.EnumerateObject().Where(p => p.Name is not ("traceId" or "requestId")).Select(p => $"{p.Name}={p.Value}"));
}
