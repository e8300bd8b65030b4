using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Auth;

/// <summary>One role held on one unit (and so on its subtree).</summary>
public sealed record ScopeGrant(Role Role, int UnitId, string UnitCode, string UnitName, OrgUnitKind UnitKind, string Path);

/// <summary>What a user may reach: their role grants with the paths of the units they were granted on.</summary>
public sealed class UserScope(Guid userId, IReadOnlyList<ScopeGrant> grants)
{
    public static readonly UserScope Anonymous = new(Guid.Empty, []);

    public Guid UserId { get; } = userId;
    public IReadOnlyList<ScopeGrant> Grants { get; } = grants;
    public bool IsSystemAdmin => Grants.Any(g => g.Role == Role.SystemAdmin);

    /// <summary>Every role the user holds somewhere.</summary>
    public Role[] HeldRoles => [.. Grants.Select(g => g.Role).Distinct()];

    public bool HasAny(params Role[] roles) => IsSystemAdmin || Grants.Any(g => roles.Contains(g.Role));

    /// <summary>True when one of <paramref name="roles"/> (or SystemAdmin) is held on the unit at <paramref name="path"/> or above it.</summary>
    public bool Covers(string path, params Role[] roles) =>
        Grants.Any(g => (g.Role == Role.SystemAdmin || roles.Contains(g.Role)) && path.StartsWith(g.Path, StringComparison.Ordinal));

    /// <summary>The smallest set of path prefixes the roles reach; nested grants are folded into their ancestor.</summary>
    public IReadOnlyList<string> Prefixes(params Role[] roles)
    {
        var paths = Grants.Where(g => g.Role == Role.SystemAdmin || roles.Contains(g.Role)).Select(g => g.Path).Distinct().OrderBy(p => p.Length).ToList();
        var result = new List<string>();
        foreach (var p in paths)
            if (!result.Any(r => p.StartsWith(r, StringComparison.Ordinal))) result.Add(p);
        return result;
    }
}

/// <summary>
/// Loads a user's scope. Uses its own short-lived context so it is safe in Blazor circuits too. A circuit keeps its
/// instance for hours, so the grants it remembers are checked against the user's grants version on every call
/// (a primary-key read): a grant or revocation made anywhere reaches an open page at its next action.
/// </summary>
public sealed class ScopeService(IDbContextFactory<SigapDb> dbs)
{
    private readonly Dictionary<Guid, (long Version, UserScope Scope)> _cache = [];

    public async Task<UserScope> ForUserAsync(Guid userId, CancellationToken ct = default)
    {
        if (userId == Guid.Empty) return UserScope.Anonymous;
        await using var db = await dbs.CreateDbContextAsync(ct);
        // The version first: a change committed between the two reads leaves a newer version to find next time.
        var version = await GrantsVersions.OfAsync(db, userId, ct);
        lock (_cache)
            if (_cache.TryGetValue(userId, out var cached) && cached.Version == version) return cached.Scope;
        var grants = await db.RoleAssignments.Where(r => r.UserId == userId)
            .Join(db.OrgUnits, r => r.OrgUnitId, u => u.Id, (r, u) => new ScopeGrant(r.Role, u.Id, u.Code, u.Name, u.Kind, u.Path))
            .ToListAsync(ct);
        var scope = new UserScope(userId, grants);
        lock (_cache) _cache[userId] = (version, scope);
        return scope;
    }

    public Task<UserScope> ForAsync(ClaimsPrincipal user, CancellationToken ct = default) => ForUserAsync(user.UserId(), ct);
}

/// <summary>
/// A counter per user, raised in the same transaction as every change of their role grants (and one for everybody,
/// <see cref="Everyone"/>, for changes of the org tree that move the paths grants cover).
/// </summary>
public static class GrantsVersions
{
    public static readonly Guid Everyone = Guid.Empty;

    public static async Task<long> OfAsync(SigapDb db, Guid userId, CancellationToken ct) =>
        await db.Set<UserGrantsVersion>().Where(v => v.UserId == userId || v.UserId == Everyone).SumAsync(v => v.Version, ct);

    /// <summary>Raises the counter atomically (two concurrent changes both count); call inside the change's transaction.</summary>
    public static async Task RaiseAsync(SigapDb db, Guid userId, CancellationToken ct)
    {
        var raised = await db.Set<UserGrantsVersion>().Where(v => v.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(v => v.Version, v => v.Version + 1), ct);
        if (raised == 0)
        {
            db.Set<UserGrantsVersion>().Add(new UserGrantsVersion { UserId = userId, Version = 1 });
            await db.SaveChangesAsync(ct);
        }
    }
}

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id from the cookie (NameIdentifier) or the JWT ("sub"); Guid.Empty when anonymous.</summary>
    public static Guid UserId(this ClaimsPrincipal user)
    {
        var value = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub");
        return Guid.TryParse(value, out var id) ? id : Guid.Empty;
    }
}

/// <summary>Filters by org scope in SQL. Paths compare byte-wise, so a prefix is a range: [prefix, prefix with its last '/' raised to '0').</summary>
public static class ScopeQueries
{
    /// <summary>The upper bound of paths under <paramref name="prefix"/>: "/1/4/" → "/1/40" ('0' follows '/').</summary>
    public static string UpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    public static Expression<Func<OrgUnit, bool>> Under(string prefix)
    {
        var upper = UpperBound(prefix);
        return u => string.Compare(u.Path, prefix) >= 0 && string.Compare(u.Path, upper) < 0;
    }

    /// <summary>Units under any of the prefixes. No prefixes: nothing.</summary>
    public static IQueryable<OrgUnit> UnderAny(this IQueryable<OrgUnit> units, IReadOnlyList<string> prefixes)
    {
        if (prefixes.Count == 0) return units.Where(_ => false);
        Expression<Func<OrgUnit, bool>>? filter = null;
        foreach (var prefix in prefixes)
            filter = filter is null ? Under(prefix) : Or(filter, Under(prefix));
        return units.Where(filter!);
    }

    private static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> a, Expression<Func<T, bool>> b)
    {
        var p = a.Parameters[0];
        var right = new Replace(b.Parameters[0], p).Visit(b.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(a.Body, right), p);
    }

    private sealed class Replace(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>
/// A permission: the caller holds one of these roles. With an <see cref="OrgUnit"/> as the resource
/// (<c>IAuthorizationService.AuthorizeAsync(user, unit, policy)</c>), the role must be held on that unit or above it.
/// </summary>
public sealed class RoleRequirement(params Role[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

internal sealed class RoleRequirementHandler(ScopeService scopes) : AuthorizationHandler<RoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        var scope = await scopes.ForAsync(context.User);
        var roles = requirement.Roles.ToArray();
        var ok = context.Resource switch
        {
            OrgUnit unit => scope.Covers(unit.Path, roles),
            _ => scope.HasAny(roles),
        };
        if (ok) context.Succeed(requirement);
    }
}
