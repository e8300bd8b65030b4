using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sigap.Web.Platform.Messaging;

internal static class MessagingSetup
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration config)
    {
        var options = new MessagingOptions();
        config.GetSection("Messaging").Bind(options);
        services.AddSingleton(options);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSaveInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<OutboxSaveInterceptor>());

        services.AddSingleton<IMessageSender, EmailSender>();

        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
