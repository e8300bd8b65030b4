namespace Sigap.Web.Platform.Security;

/// <summary>Return addresses from a query string are followed only when they stay on this site.</summary>
public static class LocalUrls
{
    /// <summary>
    /// "/x" is kept; "//host", "/\host", anything absolute and anything with a control character (which would break the
    /// Location header, or split it) becomes "/".
    /// </summary>
    public static string OrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/'
        && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
        && !TextInput.IsRefused(returnUrl, multiLine: false)
            ? returnUrl : "/";
}
