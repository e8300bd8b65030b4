namespace Sigap.Web.Platform.Notifications;

internal static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app) => app;
}
