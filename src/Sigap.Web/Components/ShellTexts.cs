namespace Sigap.Web.Components;

/// <summary>Texts of the app shell: layout, home, account pages. Registered by <see cref="ShellSetup.MapShell"/>.</summary>
internal static class ShellTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("shell.menu", "Menu", "Menu"),
        ("shell.userMenu", "Menu pengguna", "User menu"),
        ("shell.switchLanguage", "Ganti bahasa", "Switch language"),
        ("shell.notFound", "Halaman tidak ditemukan.", "Page not found."),
        ("shell.backHome", "Kembali ke beranda", "Back to home"),
        ("home.roleOn", "{0} di {1}", "{0} at {1}"),
        ("home.noRolesTitle", "Belum ada akses", "No access yet"),
        ("home.open", "Buka", "Open"),

        // roles (shown on the home page and the user menu)
        ("role.SystemAdmin", "Admin Sistem", "System admin"),

        // account pages
        ("account.login.title", "Masuk ke Sigap", "Sign in to Sigap"),
        ("account.login.subtitle", "Gunakan e-mail atau nama pengguna Anda.", "Use your e-mail or username."),
        ("account.login.login", "E-mail atau nama pengguna", "E-mail or username"),
        ("account.login.password", "Kata sandi", "Password"),
        ("account.login.remember", "Ingat saya", "Remember me"),
        ("account.login.submit", "Masuk", "Sign in"),
        ("account.login.forgot", "Lupa kata sandi?", "Forgot your password?"),
        ("account.loggedOut", "Anda telah keluar.", "You have signed out."),
        ("account.forgot.title", "Lupa kata sandi", "Forgot password"),
        ("account.forgot.text", "Masukkan alamat e-mail akun Anda. Kami akan mengirim kode untuk mengatur ulang kata sandi.", "Enter your account's e-mail address. We will send a code to reset your password."),
        ("account.forgot.submit", "Kirim kode", "Send code"),
        ("account.forgot.sent", "Jika akun dengan e-mail tersebut ada, kami telah mengirim kode ke alamat itu.", "If an account with that e-mail exists, we have sent a code to it."),
        ("account.forgot.haveCode", "Saya punya kode — atur ulang kata sandi", "I have a code — reset my password"),
        ("account.backToLogin", "Kembali ke halaman masuk", "Back to sign in"),
        ("account.email", "E-mail", "E-mail"),
        ("account.code", "Kode (6 digit)", "Code (6 digits)"),
        ("account.newPassword", "Kata sandi baru", "New password"),
        ("account.confirmPassword", "Ulangi kata sandi baru", "Repeat the new password"),
        ("account.currentPassword", "Kata sandi saat ini", "Current password"),
        ("account.passwordMismatch", "Kata sandi tidak sama.", "The passwords do not match."),
        ("account.reset.title", "Atur ulang kata sandi", "Reset password"),
        ("account.reset.submit", "Atur ulang", "Reset"),
        ("account.reset.done", "Kata sandi telah diubah. Silakan masuk dengan kata sandi baru.", "Your password has been changed. Please sign in with the new password."),
        ("account.password.title", "Ubah kata sandi", "Change password"),
        ("account.password.submit", "Ubah kata sandi", "Change password"),
        ("account.password.done", "Kata sandi telah diubah.", "Your password has been changed."),
        ("account.profile.title", "Profil", "Profile"),
        ("account.profile.firstName", "Nama depan", "First name"),
        ("account.profile.lastName", "Nama belakang", "Last name"),
        ("account.profile.userName", "Nama pengguna", "Username"),
        ("account.profile.gender", "Jenis kelamin", "Gender"),
        ("account.profile.genderNone", "Tidak disebutkan", "Not stated"),
        ("account.profile.male", "Laki-laki", "Male"),
        ("account.profile.female", "Perempuan", "Female"),
        ("account.profile.phone", "Nomor telepon", "Phone number"),
        ("account.profile.language", "Bahasa pilihan", "Preferred language"),
        ("account.profile.languageBrowser", "Ikuti browser", "Follow the browser"),
        ("account.profile.saved", "Profil tersimpan.", "Profile saved."),
        ("account.profile.pending", "Perubahan e-mail ke {0} menunggu konfirmasi. Masukkan kode yang kami kirim ke alamat tersebut.", "The change of e-mail to {0} awaits confirmation. Enter the code we sent to that address."),
        ("account.profile.confirmEmail", "Konfirmasi e-mail", "Confirm e-mail"),
        ("account.profile.emailConfirmed", "Alamat e-mail telah diubah.", "Your e-mail address has been changed."),
        ("account.profile.roles", "Peran", "Roles"),
        ("account.denied.title", "Akses ditolak", "Access denied"),
        ("account.denied.text", "Anda tidak memiliki akses ke halaman ini.", "You are not allowed to open this page."),
        ("language.id", "Bahasa Indonesia", "Bahasa Indonesia"),
        ("language.en", "English", "English"),
    ];
}
