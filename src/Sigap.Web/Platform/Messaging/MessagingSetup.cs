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

        foreach (var name in new[] { nameof(WhatsAppCloudSender), nameof(FonnteSender), nameof(HttpSmsSender) })
            services.AddHttpClient(name, c => c.Timeout = TimeSpan.FromSeconds(30));

        services.AddSingleton<IMessageSender, EmailSender>();
        var whatsApp = config["WhatsApp:Provider"] ?? "None";
        switch (whatsApp.ToLowerInvariant())
        {
            case "cloud": services.AddSingleton<IMessageSender, WhatsAppCloudSender>(); break;
            case "fonnte": services.AddSingleton<IMessageSender, FonnteSender>(); break;
            case "none" or "":
                services.AddSingleton<IMessageSender>(new UnconfiguredSender(MessageChannel.WhatsApp,
                    "No WhatsApp provider configured (WhatsApp:Provider is None): use a wa.me click-to-chat link instead."));
                break;
            default: throw new InvalidOperationException($"WhatsApp:Provider must be Cloud, Fonnte or None, not '{whatsApp}'.");
        }
        var sms = config["Sms:Provider"] ?? "None";
        switch (sms.ToLowerInvariant())
        {
            case "http": services.AddSingleton<IMessageSender, HttpSmsSender>(); break;
            case "none" or "":
                services.AddSingleton<IMessageSender>(new UnconfiguredSender(MessageChannel.Sms, "No SMS provider configured (Sms:Provider is None)."));
                break;
            default: throw new InvalidOperationException($"Sms:Provider must be Http or None, not '{sms}'.");
        }

        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
