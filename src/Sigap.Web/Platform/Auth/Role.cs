using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigap.Web.Platform.Auth;

/// <summary>
/// A role, granted on an org unit and applying to its whole subtree. The platform knows only <see cref="SystemAdmin"/>;
/// every other role is declared by the module that uses it (e.g. Budget's <c>BudgetRoles</c> in its Contracts/) and
/// listed in its <see cref="Composition.ModuleManifest"/>, so a new module adds roles without touching the platform.
/// Stored and sent as its name.
/// </summary>
[JsonConverter(typeof(RoleJsonConverter))]
public readonly record struct Role(string Name) : IComparable<Role>
{
    public static readonly Role SystemAdmin = new("SystemAdmin");

    public int CompareTo(Role other) => string.CompareOrdinal(Name, other.Name);

    public override string ToString() => Name ?? "";
}

internal sealed class RoleJsonConverter : JsonConverter<Role>
{
    public override Role Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } name ? new Role(name) : throw new JsonException("A role is its name.");

    public override void Write(Utf8JsonWriter writer, Role value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
