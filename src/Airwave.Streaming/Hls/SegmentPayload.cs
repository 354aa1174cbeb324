using Airwave.Media.Id3;
using Airwave.Streaming.Rewind;

namespace Airwave.Streaming.Hls;

/// <summary>Assembles a segment's bytes from the rewind buffer without re-encoding: the chunks' payloads, after an ID3 timestamp tag for packed audio.</summary>
public static class SegmentPayload
{
    /// <summary>The segment's bytes, or null when part of it has left the rewind buffer.</summary>
    public static byte[]? TryRead(RewindBuffer buffer, HlsSegment segment, bool packedAudio)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(segment);
        var prefix = packedAudio ? Id3TimestampTag.Size : 0;
        var bytes = new byte[prefix + segment.Bytes];
        if (packedAudio)
        {
            Id3TimestampTag.Write(bytes, Id3TimestampTag.ToTimestamp(segment.StartUtc));
        }

        var offset = prefix;
        var seq = segment.FirstSeq;
        while (seq <= segment.LastSeq)
        {
            if (buffer.TryRead(seq, out var header, out var payload) != ChunkReadStatus.Available || header.Seq > segment.LastSeq
                || offset + payload.Length > bytes.Length)
            {
                return null;
            }

            payload.Span.CopyTo(bytes.AsSpan(offset));
            offset += payload.Length;
            seq = header.Seq + 1;
        }

        return offset == bytes.Length && buffer.IsPayloadIntact(segment.FirstSeq) ? bytes : null;
    }
}
