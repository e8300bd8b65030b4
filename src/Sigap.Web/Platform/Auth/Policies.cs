using Microsoft.AspNetCore.Authorization;

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
        options.AddRolePolicy(OrgAdmin, Role.SystemAdmin, Role.AreaAdmin);
        options.AddRolePolicy(AuditRead, Role.SystemAdmin);
    }
}
