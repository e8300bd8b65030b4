namespace Sigap.Web.Platform.Notifications;

internal static class NotificationsTexts
{
    public static readonly (string Key, string Id, string En)[] All =
    [
        ("notifications.title", "Notifikasi", "Notifications"),
        ("notifications.none", "Belum ada notifikasi.", "No notifications yet."),
        ("notifications.markAllRead", "Tandai semua sudah dibaca", "Mark all as read"),
        ("notifications.unread", "{0} belum dibaca", "{0} unread"),
        ("notifications.viewAll", "Lihat semua", "View all"),
        ("time.justNow", "baru saja", "just now"),
        ("time.minutesAgo", "{0} menit lalu", "{0} min ago"),
        ("time.hoursAgo", "{0} jam lalu", "{0} h ago"),
        ("time.daysAgo", "{0} hari lalu", "{0} d ago"),
    ];
}
