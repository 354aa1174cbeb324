using System.Buffers.Binary;
using System.Text;

namespace Airwave.Media.Id3;

/// <summary>
/// The ID3v2.4 tag that starts every HLS packed-audio segment (RFC 8216 §3.4): a PRIV frame owned by
/// <c>com.apple.streaming.transportStreamTimestamp</c> holding the 33-bit 90 kHz MPEG-2 timestamp of the segment's first sample.
/// </summary>
public static class Id3TimestampTag
{
    /// <summary>The PRIV frame's owner identifier.</summary>
    public const string Owner = "com.apple.streaming.transportStreamTimestamp";

    private const int TagHeaderSize = 10;
    private const int FrameHeaderSize = 10;
    private const int FrameBodySize = 44 + 1 + 8;

    /// <summary>Bytes of the whole tag: tag header, frame header, owner with its NUL, 8 timestamp bytes.</summary>
    public const int Size = TagHeaderSize + FrameHeaderSize + FrameBodySize;

    /// <summary>Writes the tag for <paramref name="timestamp90kHz"/> (taken modulo 2^33) into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, long timestamp90kHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        var tag = destination[..Size];
        "ID3"u8.CopyTo(tag);
        tag[3] = 4;
        tag[4] = 0;
        tag[5] = 0;
        WriteSyncSafe(tag[6..], FrameHeaderSize + FrameBodySize);
        var frame = tag[TagHeaderSize..];
        "PRIV"u8.CopyTo(frame);
        WriteSyncSafe(frame[4..], FrameBodySize);
        frame[8] = 0;
        frame[9] = 0;
        var body = frame[FrameHeaderSize..];
        Encoding.ASCII.GetBytes(Owner, body);
        body[Owner.Length] = 0;
        BinaryPrimitives.WriteInt64BigEndian(body[(Owner.Length + 1)..], timestamp90kHz & ((1L << 33) - 1));
    }

    /// <summary>The 90 kHz timestamp of a UTC instant, counted from the Unix epoch (before wrapping to 33 bits).</summary>
    public static long ToTimestamp(DateTime utc)
    {
        var ticks = utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        return (ticks / 1000 * 9) + (ticks % 1000 * 9 / 1000);
    }

    private static void WriteSyncSafe(Span<byte> destination, int value)
    {
        destination[0] = (byte)((value >> 21) & 0x7F);
        destination[1] = (byte)((value >> 14) & 0x7F);
        destination[2] = (byte)((value >> 7) & 0x7F);
        destination[3] = (byte)(value & 0x7F);
    }
}
