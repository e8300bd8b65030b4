using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Auth;

namespace Sigap.Tests.Platform.Auth;

/// <summary>Registers and confirms users the honest way: through the API and the e-mailed code.</summary>
internal static class AuthTestKit
{
    public const string Password = "Rahasia-Sigap-2026";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewEmail(string prefix = "u") => $"{prefix}{Guid.NewGuid():N}@test.sigap.id";

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, Ct);

    public static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password = Password, string firstName = "Budi") =>
        await client.PostAsync("/api/auth/register", new { firstName, lastName = "Santoso", email, phone = "0812 3456 7890", password });

    /// <summary>Registers <paramref name="email"/>, reads the code from the mail and confirms it.</summary>
    public static async Task CreateUserAsync(SigapFactory app, string email, string password = Password)
    {
        using var client = app.CreateClient();
        (await RegisterAsync(client, email, password)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var code = await app.Mail.WaitForCodeAsync(email);
        var confirmed = await client.PostAsync("/api/auth/confirm", new { email, code });
        confirmed.StatusCode.Should().Be(HttpStatusCode.NoContent, await confirmed.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A new confirmed user of its own, as <see cref="CreateUserAsync"/>, and their id.</summary>
    public static async Task<(string Email, Guid Id)> NewUserAsync(SigapFactory app, string prefix = "u")
    {
        var email = NewEmail(prefix);
        await CreateUserAsync(app, email);
        return (email, await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct)));
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string login, string password = Password) =>
        client.PostAsync("/api/auth/login", new { login, password });

    public static async Task<TokenResponse> TokensAsync(HttpClient client, string login, string password = Password)
    {
        var response = await LoginAsync(client, login, password);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Json, Ct))!;
    }

    /// <summary>The body as JSON; may be read several times.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    /// <summary>The messages of one field of a validation problem.</summary>
    public static async Task<string[]> FieldErrorsAsync(this HttpResponseMessage response, string field)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ProblemAsync();
        problem.TryGetProperty("errors", out var errors).Should().BeTrue(problem.ToString());
        errors.TryGetProperty(field, out var list).Should().BeTrue($"field {field} in {problem}");
        return list.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
