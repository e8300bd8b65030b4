using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Components;

/// <summary>
/// Base of the interactive pages that call handlers in-process (<c>@inherits SigapPage</c>). A circuit lives for hours,
/// so a page never keeps a context: each operation takes a fresh one (<c>await using var db = await DbAsync()</c>, or
/// <see cref="RunAsync{T}"/>), and passes <see cref="Ct"/>, which is cancelled when the page is disposed (navigated
/// away, circuit closed), so nobody waits for work whose answer has no page to go to. A cancelled load or event ends
/// quietly: Blazor does not report tasks that end cancelled.
/// </summary>
public abstract class SigapPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();

    [Inject] private IDbContextFactory<SigapDb> Dbs { get; set; } = null!;
    [Inject] private ScopeService Scopes { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>Cancelled when this page is disposed.</summary>
    protected CancellationToken Ct => _disposed.Token;

    /// <summary>A new context for one operation; the caller disposes it.</summary>
    protected Task<SigapDb> DbAsync() => Dbs.CreateDbContextAsync(Ct);

    /// <summary>Runs <paramref name="work"/> with a context of its own.</summary>
    protected async Task<T> RunAsync<T>(Func<SigapDb, Task<T>> work)
    {
        await using var db = await DbAsync();
        return await work(db);
    }

    /// <summary>The signed-in user (anonymous when the page is rendered without authentication state).</summary>
    protected async Task<ClaimsPrincipal> UserAsync() => AuthState is null ? new ClaimsPrincipal(new ClaimsIdentity()) : (await AuthState).User;

    protected async Task<Guid> UserIdAsync() => (await UserAsync()).UserId();

    /// <summary>The user's grants, as the handlers see them.</summary>
    protected async Task<UserScope> ScopeAsync() => await Scopes.ForAsync(await UserAsync(), Ct);

    /// <summary>For a page's own clean-up (subscriptions, timers); the base cancels <see cref="Ct"/> first.</summary>
    protected virtual void OnDisposed() { }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        // Cancelled, not disposed: work still running may read Ct and must see a cancelled token, not an exception.
        _disposed.Cancel();
        OnDisposed();
        GC.SuppressFinalize(this);
    }
}
