using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Notifications;

public sealed record UnreadCountResponse(int Count);

internal static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        Texts.Add(NotificationsTexts.All);
        services.AddSingleton<Notifier>();
        services.AddSingleton<NotificationHub>();
        services.AddSingleton<NotificationInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<NotificationInterceptor>());
        return services;
    }

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        // Every signed-in user has a bell; each call only ever touches the caller's own notifications.
        var group = app.MapGroup("/api/notifications").RequireAuthorization().WithTags("Notifications");
        group.MapGet("/", List).WithName("NotificationsList").WithSummary("The caller's notifications, newest first; paged, optionally unread only");
        group.MapGet("/unread-count", UnreadCount).WithName("NotificationsUnreadCount").WithSummary("How many of the caller's notifications are unread");
        group.MapPost("/{id:guid}/read", MarkRead).WithName("NotificationsMarkRead").WithSummary("Mark one of the caller's notifications read; 404 for another user's")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/read-all", MarkAllRead).WithName("NotificationsMarkAllRead").WithSummary("Mark all of the caller's notifications read");
        return app;
    }

    private static async Task<Results<Ok<NotificationPage>, ValidationProblem>> List(
        HttpContext http, SigapDb db, CancellationToken ct, int page = 1, int pageSize = 20, bool unreadOnly = false)
    {
        var check = new Check();
        check.Range("page", page, 1, 100_000).Range("pageSize", pageSize, 1, 100);
        if (check.Failed) return check.Problem();
        return TypedResults.Ok(await NotificationQueries.ListAsync(db, http.User.UserId(), page, pageSize, unreadOnly, ct));
    }

    private static async Task<Ok<UnreadCountResponse>> UnreadCount(HttpContext http, SigapDb db, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCountResponse(await NotificationQueries.UnreadCountAsync(db, http.User.UserId(), ct)));

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(
        Guid id, HttpContext http, SigapDb db, NotificationHub hub, TimeProvider clock, CancellationToken ct) =>
        await NotificationQueries.MarkReadAsync(db, hub, http.User.UserId(), id, clock.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : Problems.NotFound();

    private static async Task<NoContent> MarkAllRead(HttpContext http, SigapDb db, NotificationHub hub, TimeProvider clock, CancellationToken ct)
    {
        await NotificationQueries.MarkAllReadAsync(db, hub, http.User.UserId(), clock.GetUtcNow(), ct);
        return TypedResults.NoContent();
    }
}
