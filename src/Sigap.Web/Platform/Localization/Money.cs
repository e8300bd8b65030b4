using System.Globalization;

namespace Sigap.Web.Platform.Localization;

/// <summary>Rupiah are whole numbers (long); shown the Indonesian way whatever the UI language: "Rp 28.488.600". Every module formats money here.</summary>
internal static class Money
{
    private static readonly NumberFormatInfo Dots = new() { NumberGroupSeparator = ".", NumberDecimalDigits = 0 };

    public static string Rupiah(long amount) =>
        (amount < 0 ? "-Rp " : "Rp ") + Math.Abs(amount).ToString("#,0", Dots);

    /// <summary>Percent with one decimal, or "—" when there is nothing to divide by.</summary>
    public static string Percent(long part, long whole) =>
        whole <= 0 ? "—" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
