using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Audit;

namespace Sigap.Tests.Platform.Persistence;

/// <summary>Instants are stored as instants on both databases, whatever offset the value carries.</summary>
public sealed class InstantStorageTests(DemoApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_value_with_an_offset_sorts_and_compares_by_its_instant_and_reads_back_equal()
    {
        var action = $"test.instant.{Guid.NewGuid():N}";
        var utcTen = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
        var wibFour = new DateTimeOffset(2026, 5, 4, 16, 0, 0, TimeSpan.FromHours(7)); // 09:00Z, earlier than utcTen
        await app.WithDbAsync(async db =>
        {
            db.AuditLog.Add(new AuditEntry { At = utcTen, Action = action, EntityId = "utc" });
            db.AuditLog.Add(new AuditEntry { At = wibFour, Action = action, EntityId = "wib" });
            await db.SaveChangesAsync(Ct);
        });

        var ordered = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Action == action).OrderBy(a => a.At).Select(a => a.EntityId).ToListAsync(Ct));
        ordered.Should().Equal("wib", "utc");
        var beforeHalfPastNine = new DateTimeOffset(2026, 5, 4, 9, 30, 0, TimeSpan.Zero);
        (await app.WithDbAsync(db => db.AuditLog.Where(a => a.Action == action && a.At < beforeHalfPastNine).Select(a => a.EntityId).ToListAsync(Ct)))
            .Should().Equal("wib");
        // A parameter with an offset compares by its instant too (10:30+07 = 03:30Z: before both).
        var wibHalfPastTen = new DateTimeOffset(2026, 5, 4, 10, 30, 0, TimeSpan.FromHours(7));
        (await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == action && a.At < wibHalfPastTen, Ct))).Should().Be(0);

        var read = await app.WithDbAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == action && a.EntityId == "wib", Ct));
        read.At.Should().Be(wibFour);
        read.At.Offset.Should().Be(TimeSpan.Zero, "instants come back in UTC");
    }
}
