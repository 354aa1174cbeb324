using System.Buffers.Binary;
using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;

namespace Airwave.Streaming.Relay;

/// <summary>Layout of the internal chunk feed: a stream of frames, all integers little-endian.</summary>
/// <remarks>
/// <code>
/// frame    5 B: u8 type | i32 body length ; then the body
/// chunk   33 B: i64 seq | i64 start ticks | i64 duration ticks | i32 markers | i32 metadata version | u8 format ;
///               then the payload
/// segment 58 B: i64 media sequence | i64 discontinuity sequence | i64 first seq | i64 last seq | i64 start ticks
///               | i64 duration ticks | i64 bytes | u8 discontinuity | u8 format
/// state       : UTF-8 JSON of <see cref="FeedState"/>
/// live, heartbeat: empty
/// </code>
/// </remarks>
public static class FeedFrames
{
    public const int FrameHeaderSize = 5;
    public const int ChunkHeaderSize = 33;
    public const int SegmentSize = 58;

    /// <summary>Largest body a reader accepts; a longer frame means a broken or hostile feed.</summary>
    public const int MaxBodyLength = 16 * 1024 * 1024;

    public static void WriteFrameHeader(Span<byte> target, FeedFrameType type, int bodyLength)
    {
        target[0] = (byte)type;
        BinaryPrimitives.WriteInt32LittleEndian(target[1..], bodyLength);
    }

    /// <summary>Writes a chunk frame's frame header and chunk header; the payload follows at <see cref="FrameHeaderSize"/> + <see cref="ChunkHeaderSize"/>.</summary>
    public static void WriteChunkHeader(Span<byte> target, in ChunkHeader header, ChunkMarkers extraMarkers)
    {
        WriteFrameHeader(target, FeedFrameType.Chunk, ChunkHeaderSize + header.PayloadLength);
        var body = target[FrameHeaderSize..];
        BinaryPrimitives.WriteInt64LittleEndian(body, header.Seq);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], header.StartTicks);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], header.DurationTicks);
        BinaryPrimitives.WriteInt32LittleEndian(body[24..], (int)(header.Markers | extraMarkers));
        BinaryPrimitives.WriteInt32LittleEndian(body[28..], header.MetadataVersion);
        body[32] = (byte)header.Format;
    }

    /// <summary>Reads a chunk header from a chunk frame's body; false when the values cannot be a chunk.</summary>
    public static bool TryReadChunkHeader(ReadOnlySpan<byte> body, int bodyLength, out ChunkHeader header)
    {
        var seq = BinaryPrimitives.ReadInt64LittleEndian(body);
        var start = BinaryPrimitives.ReadInt64LittleEndian(body[8..]);
        var duration = BinaryPrimitives.ReadInt64LittleEndian(body[16..]);
        var markers = BinaryPrimitives.ReadInt32LittleEndian(body[24..]);
        var version = BinaryPrimitives.ReadInt32LittleEndian(body[28..]);
        var format = (AudioFormat)body[32];
        var payload = bodyLength - ChunkHeaderSize;
        if (seq < 0 || start < 0 || duration < 0 || payload < 0 || start > DateTime.MaxValue.Ticks - duration || markers is < 0 or > 7 || !Enum.IsDefined(format))
        {
            header = default;
            return false;
        }

        header = new ChunkHeader(seq, start, duration, (ChunkMarkers)markers, version, payload, format);
        return true;
    }

    public static void WriteSegment(Span<byte> target, HlsSegment segment)
    {
        WriteFrameHeader(target, FeedFrameType.Segment, SegmentSize);
        var body = target[FrameHeaderSize..];
        BinaryPrimitives.WriteInt64LittleEndian(body, segment.MediaSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], segment.DiscontinuitySequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], segment.FirstSeq);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], segment.LastSeq);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], segment.StartTicks);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], segment.DurationTicks);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], segment.Bytes);
        body[56] = segment.Discontinuity ? (byte)1 : (byte)0;
        body[57] = (byte)segment.Format;
    }

    public static HlsSegment ReadSegment(ReadOnlySpan<byte> body, string channel) => new(
        channel,
        BinaryPrimitives.ReadInt64LittleEndian(body),
        BinaryPrimitives.ReadInt64LittleEndian(body[8..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[32..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
        body[56] != 0,
        (AudioFormat)body[57]);
}
