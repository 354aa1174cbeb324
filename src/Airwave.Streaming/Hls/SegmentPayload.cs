using System.Buffers;
using Airwave.Media.Id3;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Hls;

/// <summary>The bytes of an HLS segment, straight from the rewind buffer's chunks: an ID3 PRIV timestamp tag first for packed audio (RFC 8216 §3.4).</summary>
public static class SegmentPayload
{
    /// <summary>The segment's size in bytes as served.</summary>
    public static long Length(HlsSegment segment, bool packedAudio)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return (packedAudio ? Id3TimestampTag.Size : 0) + segment.Bytes;
    }

    /// <summary>True while every chunk of the segment is still in the buffer.</summary>
    public static bool IsHeld(RewindBuffer buffer, HlsSegment segment)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(segment);
        var held = buffer.Snapshot();
        return !held.IsEmpty && held.FirstSeq <= segment.FirstSeq && held.LastSeq >= segment.LastSeq;
    }

    /// <summary>Writes the segment to <paramref name="output"/> without an intermediate copy.</summary>
    /// <returns>False when a chunk was missing or overwritten while it was copied; what was written is then unusable.</returns>
    public static bool TryWrite(RewindBuffer buffer, HlsSegment segment, bool packedAudio, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(output);
        if (packedAudio)
        {
            Id3TimestampTag.Write(output.GetSpan(Id3TimestampTag.Size), Id3TimestampTag.ToTimestamp(segment.StartUtc));
            output.Advance(Id3TimestampTag.Size);
        }

        long written = 0;
        var seq = segment.FirstSeq;
        while (seq <= segment.LastSeq)
        {
            if (buffer.TryRead(seq, out var header, out var payload) != ChunkReadStatus.Available || header.Seq > segment.LastSeq
                || written + payload.Length > segment.Bytes)
            {
                return false;
            }

            output.Write(payload.Span);
            written += payload.Length;
            seq = header.Seq + 1;
        }

        return written == segment.Bytes && buffer.IsPayloadIntact(segment.FirstSeq);
    }

    /// <summary>The segment as one array, or null when its chunks are no longer (all) in the buffer.</summary>
    public static byte[]? TryRead(RewindBuffer buffer, HlsSegment segment, bool packedAudio)
    {
        if (!IsHeld(buffer, segment))
        {
            return null;
        }

        var writer = new ArrayBufferWriter<byte>((int)Length(segment, packedAudio));
        return TryWrite(buffer, segment, packedAudio, writer) ? writer.WrittenSpan.ToArray() : null;
    }
}
