namespace Sigap.Web.Platform.Auth;

internal static class AuthTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("auth.invalidCredentials", "E-mail/nama pengguna atau kata sandi salah.", "Wrong e-mail/username or password."),
        ("auth.locked", "Akun terkunci karena terlalu banyak percobaan masuk yang gagal. Coba lagi setelah {0}.",
            "The account is locked after too many failed sign-in attempts. Try again after {0}."),
        ("auth.unconfirmed", "Alamat e-mail belum dikonfirmasi. Masukkan kode yang dikirim ke e-mail Anda.",
            "The e-mail address is not confirmed yet. Enter the code we sent to your e-mail."),
        ("auth.inactive", "Akun ini dinonaktifkan. Hubungi administrator.", "This account is deactivated. Contact an administrator."),
        ("auth.emailTaken", "Alamat e-mail ini sudah terdaftar. Silakan masuk atau atur ulang kata sandi.",
            "This e-mail address is already registered. Sign in or reset your password."),
        ("auth.userNameTaken", "Nama pengguna ini sudah dipakai.", "This username is already taken."),
        ("auth.code.wrong", "Kode salah.", "Wrong code."),
        ("auth.code.expired", "Kode sudah kedaluwarsa. Minta kode baru.", "The code has expired. Request a new one."),
        ("auth.code.used", "Kode sudah pernah digunakan. Minta kode baru.", "The code has already been used. Request a new one."),
        ("auth.code.exhausted", "Terlalu banyak percobaan kode yang salah. Kode ini tidak berlaku lagi; minta kode baru.",
            "Too many wrong attempts. This code is no longer valid; request a new one."),
        ("auth.code.noPending", "Tidak ada perubahan e-mail yang menunggu konfirmasi.", "There is no e-mail change waiting for confirmation."),
        ("auth.code.format", "Kode terdiri dari 6 angka.", "The code has 6 digits."),
        ("auth.currentPasswordWrong", "Kata sandi saat ini salah.", "The current password is wrong."),
        ("auth.refreshInvalid", "Sesi tidak valid atau sudah berakhir. Silakan masuk kembali.", "The session is invalid or has ended. Please sign in again."),
        ("auth.language", "Bahasa harus 'id' atau 'en'.", "Language must be 'id' or 'en'."),
        ("auth.time.minutes", "{0} menit", "{0} minutes"),
        ("auth.time.seconds", "{0} detik", "{0} seconds"),
        ("auth.mail.confirm.subject", "Konfirmasi e-mail Sigap Anda", "Confirm your Sigap e-mail"),
        ("auth.mail.confirm.body",
            "Halo {0},\r\n\r\nKode konfirmasi e-mail Anda: {1}\r\n\r\nKode ini berlaku {2} dan hanya dapat digunakan sekali. Abaikan e-mail ini jika Anda tidak mendaftar di Sigap.\r\n\r\nSigap",
            "Hello {0},\r\n\r\nYour e-mail confirmation code: {1}\r\n\r\nThe code is valid for {2} and can be used once. Ignore this e-mail if you did not register with Sigap.\r\n\r\nSigap"),
        ("auth.mail.reset.subject", "Atur ulang kata sandi Sigap", "Reset your Sigap password"),
        ("auth.mail.reset.body",
            "Halo {0},\r\n\r\nKode untuk mengatur ulang kata sandi Anda: {1}\r\n\r\nKode ini berlaku {2} dan hanya dapat digunakan sekali. Jika Anda tidak meminta ini, abaikan e-mail ini; kata sandi Anda tidak berubah.\r\n\r\nSigap",
            "Hello {0},\r\n\r\nYour password reset code: {1}\r\n\r\nThe code is valid for {2} and can be used once. If you did not ask for this, ignore this e-mail; your password stays the same.\r\n\r\nSigap"),
        ("auth.mail.change.subject", "Konfirmasi alamat e-mail baru Sigap", "Confirm your new Sigap e-mail address"),
        ("auth.mail.change.body",
            "Halo {0},\r\n\r\nKode untuk mengonfirmasi alamat e-mail baru Anda: {1}\r\n\r\nKode ini berlaku {2} dan hanya dapat digunakan sekali. Abaikan e-mail ini jika Anda tidak mengubah alamat e-mail di Sigap.\r\n\r\nSigap",
            "Hello {0},\r\n\r\nYour code to confirm your new e-mail address: {1}\r\n\r\nThe code is valid for {2} and can be used once. Ignore this e-mail if you did not change your e-mail address in Sigap.\r\n\r\nSigap"),
    ];
}
