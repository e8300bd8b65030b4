namespace Sigap.Web.Platform.Localization;

/// <summary>Business dates and times are Western Indonesian Time (WIB, Asia/Jakarta): UTC+7, no daylight saving.</summary>
public static class JakartaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);
}
