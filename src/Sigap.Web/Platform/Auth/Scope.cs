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

/// <summary>Loads a user's scope. Uses its own short-lived context so it is safe in Blazor circuits too.</summary>
public sealed class ScopeService(IDbContextFactory<SigapDb> dbs)
{
    private readonly Dictionary<Guid, UserScope> _cache = [];

    public async Task<UserScope> ForUserAsync(Guid userId, CancellationToken ct = default)
    {
        if (userId == Guid.Empty) return UserScope.Anonymous;
        if (_cache.TryGetValue(userId, out var cached)) return cached;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var grants = await db.RoleAssignments.Where(r => r.UserId == userId)
            .Join(db.OrgUnits, r => r.OrgUnitId, u => u.Id, (r, u) => new ScopeGrant(r.Role, u.Id, u.Code, u.Name, u.Kind, u.Path))
            .ToListAsync(ct);
        return _cache[userId] = new UserScope(userId, grants);
    }

    public Task<UserScope> ForAsync(ClaimsPrincipal user, CancellationToken ct = default) => ForUserAsync(user.UserId(), ct);

    /// <summary>Forget cached grants after a change of role assignments.</summary>
    public void Forget(Guid userId) => _cache.Remove(userId);
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
