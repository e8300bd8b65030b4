namespace Sigap.Web.Platform.Messaging;

internal static class MessagingSetup
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration config) => services;
}
