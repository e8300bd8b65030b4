using Sigap.Web.Modules.Budget.Contracts;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Microsoft.Playwright;
using Sigap.Web.Platform.Auth;
using static Microsoft.Playwright.Assertions;

namespace Sigap.BrowserTests;

/// <summary>The static account pages end to end, each test with a user of its own.</summary>
public sealed partial class AccountPageTests(BrowserApp app)
{
    [Fact]
    public async Task Profile_change_saves_names_and_language_and_shows_field_errors()
    {
        var email = await app.CreateUserAsync("Budi", "Santoso", BudgetRoles.GmSbp, "R-JATIM");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await SignInTests.SignInAsync(page, email, BrowserApp.Password);
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Selamat datang, Budi Santoso");
        await Expect(page.GetByTestId("module-card")).ToHaveCountAsync(1); // GM SBP: Anggaran only

        await page.GotoAsync("/account/profile");
        await Expect(page.Locator("#firstName")).ToHaveValueAsync("Budi");
        await BrowserApp.ShotAsync(page, "profile-desktop");

        // A bad phone number: the message stands next to the field and nothing is saved.
        await page.Locator("#firstName").FillAsync("Bambang");
        await page.Locator("#phone").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan" }).ClickAsync();
        await Expect(page.Locator(".sigap-field-error[data-field=phone]")).ToHaveTextAsync("Nomor telepon Indonesia tidak valid (contoh: 0812xxxxxxx).");
        await Expect(page.Locator("#phone")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.Locator("#phone").FillAsync("0812 3456 7890");
        await page.Locator("#language").SelectOptionAsync("en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan" }).ClickAsync();

        // Saved, and the page now speaks the chosen language.
        await Expect(page.GetByTestId("form-success")).ToHaveTextAsync("Profile saved.");
        await Expect(page.Locator("#firstName")).ToHaveValueAsync("Bambang");
        await Expect(page.Locator("#phone")).ToHaveValueAsync("+6281234567890");
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Bambang Santoso");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Bambang Santoso");
    }

    [Fact]
    public async Task Password_change_checks_the_current_password_and_the_new_one_signs_in()
    {
        var email = await app.CreateUserAsync("Dewi", "Lestari");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await SignInTests.SignInAsync(page, email, BrowserApp.Password);
        await Expect(page.GetByTestId("no-roles")).ToBeVisibleAsync(); // no roles yet: the empty state
        await BrowserApp.ShotAsync(page, "home-no-roles");

        await page.GotoAsync("/account/password");
        await page.Locator("#currentPassword").FillAsync("Wrong-Password-1");
        await page.Locator("#newPassword").FillAsync("Baru-Sekali-2026");
        await page.Locator("#confirmPassword").FillAsync("Baru-Sekali-2026");
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator(".sigap-field-error[data-field=currentPassword]")).ToHaveTextAsync("Kata sandi saat ini salah.");

        await page.Locator("#currentPassword").FillAsync(BrowserApp.Password);
        await page.Locator("#newPassword").FillAsync("Baru-Sekali-2026");
        await page.Locator("#confirmPassword").FillAsync("Tidak-Sama-2026");
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator(".sigap-field-error[data-field=confirmPassword]")).ToHaveTextAsync("Kata sandi tidak sama.");

        await page.Locator("#currentPassword").FillAsync(BrowserApp.Password);
        await page.Locator("#newPassword").FillAsync("Baru-Sekali-2026");
        await page.Locator("#confirmPassword").FillAsync("Baru-Sekali-2026");
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("form-success")).ToHaveTextAsync("Kata sandi telah diubah.");

        // This session stays signed in; a new one needs the new password.
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Selamat datang, Dewi Lestari");
        var fresh = await app.NewPageAsync();
        await fresh.GotoAsync("/account/login");
        await SignInTests.SignInAsync(fresh, email, BrowserApp.Password);
        await Expect(fresh.GetByTestId("form-error")).ToHaveTextAsync("E-mail/nama pengguna atau kata sandi salah.");
        await SignInTests.SignInAsync(fresh, email, "Baru-Sekali-2026");
        await Expect(fresh.GetByTestId("welcome")).ToHaveTextAsync("Selamat datang, Dewi Lestari");
    }

    [Fact]
    public async Task Forgotten_password_is_reset_with_the_mailed_code()
    {
        var email = await app.CreateUserAsync("Agus", "Wijaya");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByText("Lupa kata sandi?").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/forgot$"));

        await page.Locator("#email").FillAsync(email);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("form-success")).ToHaveTextAsync("Jika akun dengan e-mail tersebut ada, kami telah mengirim kode ke alamat itu.");
        var code = CodeIn(await app.WaitForMailAsync(email, TestContext.Current.CancellationToken));

        await page.GetByTestId("reset-link").ClickAsync();
        await Expect(page.Locator("#email")).ToHaveValueAsync(email);
        await page.Locator("#code").FillAsync(code);
        await page.Locator("#newPassword").FillAsync("Reset-Berhasil-2026");
        await page.Locator("#confirmPassword").FillAsync("Reset-Berhasil-2026");
        await page.Locator("button[type=submit]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/account/login\?reset=1$"));
        await Expect(page.GetByTestId("form-success")).ToHaveTextAsync("Kata sandi telah diubah. Silakan masuk dengan kata sandi baru.");
        await SignInTests.SignInAsync(page, email, "Reset-Berhasil-2026");
        await Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Selamat datang, Agus Wijaya");
    }

    [Fact]
    public async Task Forgot_page_answers_the_same_for_an_unknown_address()
    {
        var page = await app.NewPageAsync(locale: "en-US");
        await page.GotoAsync("/account/forgot");
        await page.Locator("#email").FillAsync($"nobody.{Guid.NewGuid():N}@test.sigap.id");
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("form-success")).ToHaveTextAsync("If an account with that e-mail exists, we have sent a code to it.");
    }

    [Fact]
    public async Task Login_ignores_a_return_address_on_another_site()
    {
        var email = await app.CreateUserAsync("Rina", "Kusuma");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login?ReturnUrl=%2F%2Fevil.example%2F");
        await SignInTests.SignInAsync(page, email, BrowserApp.Password);
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
    }

    /// <summary>The 6-digit code in a pickup-folder .eml (its body may be base64 or quoted-printable).</summary>
    private static string CodeIn(string eml)
    {
        var split = eml.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = eml[..split];
        var body = eml[(split + 4)..];
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
            body = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split("\r\n").Select(l => l.Trim()))));
        else if (headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase))
            body = QuotedPrintable().Replace(body.Replace("=\r\n", ""), m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
        var match = SixDigits().Match(body);
        match.Success.Should().BeTrue("the mail carries a code: {0}", body);
        return match.Value;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    [GeneratedRegex("=([0-9A-F]{2})")]
    private static partial Regex QuotedPrintable();
}
