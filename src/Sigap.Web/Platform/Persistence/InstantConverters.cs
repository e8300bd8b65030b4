using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sigap.Web.Platform.Persistence;

/// <summary>
/// SQLite: an instant as a sortable integer of its UTC time (EF's binary layout, UTC ticks / 1000 shifted over an
/// offset of 0). EF's own converter keeps the local time, so 16:00+07 (09:00Z) would sort after 10:00Z.
/// </summary>
internal sealed class UtcBinaryConverter() : ValueConverter<DateTimeOffset, long>(v => ToBinary(v), v => FromBinary(v))
{
    private const long OffsetBits = 0x7FF;

    public static long ToBinary(DateTimeOffset value) => (value.UtcTicks / 1000) << 11;

    /// <summary>Also reads rows written with an offset (the layout keeps it in the low 11 bits, signed).</summary>
    public static DateTimeOffset FromBinary(long value)
    {
        var offset = value & OffsetBits;
        if ((offset & 0x400) != 0) offset |= ~OffsetBits;
        return new DateTimeOffset((value >> 11) * 1000, TimeSpan.FromMinutes(offset)).ToUniversalTime();
    }
}

/// <summary>PostgreSQL: Npgsql refuses to write a <see cref="DateTimeOffset"/> whose offset is not 0; the instant is what counts.</summary>
internal sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
