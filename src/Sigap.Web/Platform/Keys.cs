using System.Security.Cryptography;
using System.Text.Json;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform;

/// <summary>
/// Secrets come from configuration (<c>Auth:JwtSigningKey</c>, <c>Files:UrlSigningKey</c>, base64, ≥ 32 bytes).
/// When one is missing — the embedded single-machine setup — a random key is generated once and kept in
/// the data folder (never in the repository). Several nodes must be given the same keys by configuration.
/// </summary>
public sealed class SigapKeys
{
    public byte[] JwtSigningKey { get; }
    public byte[] FileUrlSigningKey { get; }
    public byte[] CodeHashKey { get; }

    public SigapKeys(IConfiguration config, ILogger<SigapKeys> log)
    {
        var file = Path.Combine(DatabaseSetup.DataFolder(config), "keys.json");
        var stored = File.Exists(file) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? [] : [];
        var changed = false;

        byte[] Load(string configKey, string storedName)
        {
            if (config[configKey] is { Length: > 0 } configured)
            {
                var bytes = Convert.FromBase64String(configured);
                if (bytes.Length < 32) throw new InvalidOperationException($"{configKey} must be at least 32 bytes (base64).");
                return bytes;
            }
            if (!stored.TryGetValue(storedName, out var value))
            {
                value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                stored[storedName] = value;
                changed = true;
                log.LogWarning("{ConfigKey} is not configured; generated one in {File}. Configure it when running several nodes.", configKey, file);
            }
            return Convert.FromBase64String(value);
        }

        JwtSigningKey = Load("Auth:JwtSigningKey", "jwt");
        FileUrlSigningKey = Load("Files:UrlSigningKey", "files");
        CodeHashKey = Load("Auth:CodeHashKey", "codes");
        if (changed)
        {
            File.WriteAllText(file, JsonSerializer.Serialize(stored));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
