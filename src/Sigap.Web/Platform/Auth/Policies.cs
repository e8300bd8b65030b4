using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Sigap.Web.Platform.Auth;

/// <summary>Permission policies of the platform. Modules add theirs with <see cref="AddRolePolicy"/> in their AddX().</summary>
public static class Policies
{
    public const string SystemAdmin = "platform.system-admin";
    /// <summary>Create, rename, move and delete org units within the caller's subtree.</summary>
    public const string OrgAdmin = "platform.org-admin";
    public const string AuditRead = "platform.audit-read";

    public static void AddRolePolicy(this AuthorizationOptions options, string name, params Role[] roles) =>
        options.AddPolicy(name, p => p.RequireAuthenticatedUser().AddRequirements(new RoleRequirement(roles)));

    internal static void AddPlatformPolicies(this AuthorizationOptions options)
    {
        options.AddRolePolicy(SystemAdmin, Role.SystemAdmin);
        options.AddRolePolicy(AuditRead, Role.SystemAdmin);
    }

    /// <summary>A module declares which of its roles keep the org tree below the unit they hold (Budget: the Area admin).</summary>
    public static IServiceCollection AllowOrgAdmin(this IServiceCollection services, params Role[] roles) =>
        services.Configure<OrgAdminOptions>(o => o.Roles.UnionWith(roles));

    /// <summary>The org admin policy reads the roles modules declared.</summary>
    internal static IServiceCollection AddOrgAdminPolicy(this IServiceCollection services)
    {
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<OrgAdminOptions>>((auth, org) => auth.AddRolePolicy(OrgAdmin, [.. org.Value.Roles]));
        return services;
    }
}

/// <summary>Who may create, rename, move and delete org units within their subtree: SystemAdmin and the roles modules add.</summary>
public sealed class OrgAdminOptions
{
    public HashSet<Role> Roles { get; } = [Role.SystemAdmin];
}
