using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigap.Web.Platform.Security;

/// <summary>
/// Text a client sends must be text: no NUL (PostgreSQL refuses it), no other control characters (they break headers,
/// logs and exports) and no half surrogate pairs (they cannot be encoded as UTF-8). Tab, CR and LF stay allowed in
/// bodies and forms, where multi-line text is allowed; query strings and route values are single-line.
/// </summary>
public static class TextInput
{
    /// <summary>True when <paramref name="value"/> holds a character no text field accepts.</summary>
    public static bool IsRefused(string? value, bool multiLine)
    {
        if (value is null) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
                return true;
            }
            if (char.IsLowSurrogate(c)) return true;
            if (char.IsControl(c) && !(multiLine && c is '\t' or '\r' or '\n')) return true;
        }
        return false;
    }
}

/// <summary>Thrown while reading JSON: the serializer adds the path, and the exception handler names that field.</summary>
public sealed class RefusedTextException() : JsonException("The text holds control characters.");

/// <summary>Every JSON string the API reads goes through here (registered in the app's JSON options).</summary>
public sealed class CheckedStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (TextInput.IsRefused(value, multiLine: true)) throw new RefusedTextException();
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
