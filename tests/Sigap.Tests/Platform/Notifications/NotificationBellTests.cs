using System.Globalization;
using System.Security.Claims;
using FluentAssertions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Components.Layout;
using Sigap.Web.Platform.Notifications;

namespace Sigap.Tests.Platform.Notifications;

public sealed class NotificationBellTests(DemoApp app)
{
    [Theory]
    [InlineData("id", "2 belum dibaca")]
    [InlineData("en", "2 unread")]
    public async Task The_bell_shows_the_unread_count_of_the_signed_in_user(string language, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, userId) = await SignedInClients.ForNewUserAsync(app);
        client.Dispose();
        var notifier = app.Services.GetRequiredService<Notifier>();
        await app.WithDbAsync(async db =>
        {
            notifier.Notify(db, userId, "Satu");
            notifier.Notify(db, userId, "Dua");
            notifier.Notify(db, userId, "Tiga").ReadAt = app.Clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        });

        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
            var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", userId.ToString())], "test"));
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var output = await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    [nameof(CascadingValue<object>.Value)] = Task.FromResult(new AuthenticationState(user)),
                    [nameof(CascadingValue<object>.ChildContent)] = (RenderFragment)(b => { b.OpenComponent<NotificationBell>(0); b.CloseComponent(); }),
                }));
                return output.ToHtmlString();
            });
            html.Should().Contain("sigap-bell-count").And.Contain(">2<").And.Contain(expected);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
