using System.Text.Json;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Audit;

/// <summary>
/// Writes audit entries into the caller's DbContext, so an entry is saved in the same transaction as the
/// change it describes (no audit without change, no change without audit).
/// </summary>
public sealed class AuditLog(TimeProvider clock, IHttpContextAccessor http)
{
    public AuditEntry Record(SigapDb db, string action, Guid? userId, string? entityType = null, string? entityId = null,
        int? orgUnitId = null, object? data = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = userId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            OrgUnitId = orgUnitId,
            Data = data is null ? null : JsonSerializer.Serialize(data, JsonOptions),
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        };
        db.AuditLog.Add(entry);
        return entry;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
