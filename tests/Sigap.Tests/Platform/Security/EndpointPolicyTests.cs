using FluentAssertions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Public;

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

    /// <summary>
    /// The public group (chatbot, status pages, webhooks) is anonymous on purpose; what makes that safe is that each of its
    /// endpoints sits under /api/public with the group's own rate limit and body cap, and nothing else carries them.
    /// </summary>
    [Fact]
    public void Public_group_endpoints_are_explicitly_anonymous_rate_limited_and_size_capped()
    {
        var endpoints = Endpoints();
        var inGroup = endpoints.Where(e => e.Metadata.GetMetadata<PublicEndpointMetadata>() is not null).ToList();
        inGroup.Should().Contain(e => e.RoutePattern.RawText == "/api/public/status");
        foreach (var e in inGroup)
        {
            e.RoutePattern.RawText.Should().StartWith(PublicEndpoints.Prefix + "/", Describe(e));
            e.Metadata.GetMetadata<IAllowAnonymous>().Should().NotBeNull(Describe(e));
            e.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName.Should().Be(PublicEndpoints.RateLimitPolicy, Describe(e));
            e.Metadata.GetMetadata<EnableRateLimitingAttribute>().Should().NotBeNull(Describe(e));
        }
        endpoints.Where(e => e.RoutePattern.RawText!.StartsWith(PublicEndpoints.Prefix + "/", StringComparison.Ordinal))
            .Should().OnlyContain(e => e.Metadata.GetMetadata<PublicEndpointMetadata>() != null, "everything under /api/public is mapped through MapPublic()");
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
