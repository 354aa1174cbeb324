namespace Airwave.Media.Ts;

/// <summary>Reads the PTS of a PES packet header and does 33-bit timestamp arithmetic (90 kHz clock).</summary>
public static class PesTimestamp
{
    /// <summary>Ticks per second of PES timestamps.</summary>
    public const int ClockRate = 90_000;

    private const long Wrap = 1L << 33;

    /// <summary>Reads the PTS at the start of a PES packet; false when the payload does not start a PES with one.</summary>
    public static bool TryReadPts(ReadOnlySpan<byte> pes, out long pts)
    {
        pts = 0;
        if (pes.Length < 14 || pes[0] != 0 || pes[1] != 0 || pes[2] != 1 || (pes[7] & 0x80) == 0)
        {
            return false;
        }

        pts = ((long)(pes[9] & 0x0E) << 29) | ((long)pes[10] << 22) | ((long)(pes[11] & 0xFE) << 14) | ((long)pes[12] << 7) | ((long)pes[13] >> 1);
        return true;
    }

    /// <summary>The offset of the elementary stream data in a PES packet, or -1 when the header is incomplete.</summary>
    public static int PayloadOffset(ReadOnlySpan<byte> pes) => pes.Length >= 9 && 9 + pes[8] <= pes.Length ? 9 + pes[8] : -1;

    /// <summary><paramref name="later"/> minus <paramref name="earlier"/> across the 33-bit wrap, in the range [-2^32, 2^32).</summary>
    public static long Delta(long earlier, long later)
    {
        var delta = (later - earlier) & (Wrap - 1);
        return delta >= Wrap / 2 ? delta - Wrap : delta;
    }
}
