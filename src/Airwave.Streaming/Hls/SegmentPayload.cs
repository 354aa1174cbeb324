using Airwave.Media.Id3;
using Airwave.Streaming.Listeners;
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

    /// <summary>Writes what goes before the chunks into <paramref name="destination"/>: the timestamp tag for packed audio, nothing otherwise.</summary>
    /// <returns>The bytes written: <see cref="Id3TimestampTag.Size"/> or 0.</returns>
    public static int WritePrefix(HlsSegment segment, bool packedAudio, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (!packedAudio)
        {
            return 0;
        }

        Id3TimestampTag.Write(destination, Id3TimestampTag.ToTimestamp(segment.StartUtc));
        return Id3TimestampTag.Size;
    }

    /// <summary>Queues the segment's chunks on <paramref name="sink"/> as slices of the buffer's slabs (no copy here).</summary>
    /// <returns>
    /// False when a chunk is missing; what was queued is then unusable. A sink that sends later (rather than copying at
    /// once) must check <see cref="RewindBuffer.IsPayloadIntact"/> for <see cref="HlsSegment.FirstSeq"/> once it has sent.
    /// </returns>
    public static bool TryQueueChunks(RewindBuffer buffer, HlsSegment segment, IAudioSink sink)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(sink);
        long queued = 0;
        var seq = segment.FirstSeq;
        while (seq <= segment.LastSeq)
        {
            if (buffer.TryRead(seq, out var header, out var payload) != ChunkReadStatus.Available || header.Seq > segment.LastSeq
                || queued + payload.Length > segment.Bytes)
            {
                return false;
            }

            sink.Write(payload);
            queued += payload.Length;
            seq = header.Seq + 1;
        }

        return queued == segment.Bytes;
    }

    /// <summary>The segment as one array, or null when its chunks are no longer (all) in the buffer.</summary>
    public static byte[]? TryRead(RewindBuffer buffer, HlsSegment segment, bool packedAudio)
    {
        if (!IsHeld(buffer, segment))
        {
            return null;
        }

        var bytes = new byte[Length(segment, packedAudio)];
        var copy = new ArraySink(bytes, WritePrefix(segment, packedAudio, bytes));
        return TryQueueChunks(buffer, segment, copy) && buffer.IsPayloadIntact(segment.FirstSeq) ? bytes : null;
    }

    /// <summary>Copies each slice into an array as it is queued.</summary>
    private sealed class ArraySink(byte[] target, int offset) : IAudioSink
    {
        public void Write(ReadOnlyMemory<byte> bytes)
        {
            bytes.Span.CopyTo(target.AsSpan(offset));
            offset += bytes.Length;
        }

        public ValueTask<bool> FlushAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

        public FlushOutcome TryFlush() => FlushOutcome.Sent;

        /// <remarks>Nothing is ever in flight: every write is copied at once.</remarks>
        public void Abort()
        {
        }
    }
}
