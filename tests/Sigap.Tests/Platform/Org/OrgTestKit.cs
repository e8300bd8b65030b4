using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;

namespace Sigap.Tests.Platform.Org;

public sealed record UnitDto(int Id, int? ParentId, string Kind, string Code, string Name, string Path, int Depth);
public sealed record UnitRefDto(int Id, string Kind, string Code, string Name);
public sealed record UnitDetailDto(int Id, int? ParentId, string Kind, string Code, string Name, string Path, int Depth, UnitRefDto? Parent, int ChildCount);
public sealed record PagedDto<T>(List<T> Items, int Page, int PageSize, int Total);

/// <summary>Helpers for the org, admin and audit tests: sign-in, unique codes, unit creation, problem reading.</summary>
internal static class OrgTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Code(string prefix = "T") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(SigapFactory, string), Lazy<Task<string>>> Tokens = new();

    /// <summary>
    /// A bearer client for a demo login. The token from POST /api/auth/login is kept per app and login: every login is a
    /// database write, and these tests need the API under test, not a hundred sign-ins.
    /// </summary>
    public static async Task<HttpClient> SignInAsync(this SigapFactory app, string login)
    {
        var token = await Tokens.GetOrAdd((app, login), key => new Lazy<Task<string>>(async () => (await key.Item1.TokensAsync(key.Item2)).AccessToken)).Value;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<int> UnitIdAsync(this SigapFactory app, string code) =>
        app.WithDbAsync(db => db.OrgUnits.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    public static async Task<UnitDto> CreateUnitAsync(this HttpClient client, int parentId, string kind, string? code = null, string? name = null)
    {
        code ??= Code();
        var response = await client.PostAsJsonAsync("/api/org/units", new { parentId, kind, code, name = name ?? "Unit " + code }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<UnitDto>(SigapFactory.Json, Ct))!;
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(expected, body);
        return JsonSerializer.Deserialize<T>(body, SigapFactory.Json)!;
    }

    /// <summary>Asserts a status and returns the ProblemDetails body.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(expected, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a 400 that names <paramref name="field"/> among its errors.</summary>
    public static async Task ShouldNameFieldAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Contain(field);
    }
}
