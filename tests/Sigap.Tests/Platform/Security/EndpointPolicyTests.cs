using FluentAssertions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Auth;

namespace Sigap.Tests.Platform.Security;

/// <summary>Every endpoint states who may call it: a policy (or [Authorize]) or an explicit AllowAnonymous.</summary>
public sealed class EndpointPolicyTests(DemoApp app)
{
    private List<RouteEndpoint> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static string Describe(RouteEndpoint e) =>
        $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText} ({e.DisplayName}; metadata: {string.Join(", ", e.Metadata.Select(m => m.GetType().Name).Distinct())})";

    [Fact]
    public void Every_endpoint_has_a_policy_or_allows_anonymous()
    {
        var endpoints = Endpoints();
        endpoints.Should().Contain(e => e.RoutePattern.RawText!.StartsWith("/api/org/units"), "the org API is mapped");
        endpoints.Should().Contain(e => e.RoutePattern.RawText!.StartsWith("/api/auth/login"), "the auth API is mapped");

        var offending = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null
                && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0
                && e.Metadata.GetOrderedMetadata<AuthorizationPolicy>().Count == 0)
            .Select(Describe)
            .ToList();
        offending.Should().BeEmpty("every endpoint needs RequireAuthorization(policy) or AllowAnonymous; these have neither:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Admin_endpoints_carry_their_permission_policy()
    {
        var endpoints = Endpoints();
        string[] PoliciesOf(string prefix, string? method = null) => endpoints
            .Where(e => e.RoutePattern.RawText!.StartsWith(prefix, StringComparison.Ordinal)
                && (method is null || e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true))
            .SelectMany(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "")).Distinct().ToArray();

        PoliciesOf("/api/admin/users").Should().Contain(Policies.SystemAdmin);
        PoliciesOf("/api/audit").Should().Contain(Policies.AuditRead);
        foreach (var method in new[] { "POST", "PUT", "DELETE" })
            PoliciesOf("/api/org/units", method).Should().Contain(Policies.OrgAdmin);
    }
}
