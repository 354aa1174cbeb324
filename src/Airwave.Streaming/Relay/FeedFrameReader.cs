using System.Buffers;
using System.Buffers.Binary;

namespace Airwave.Streaming.Relay;

/// <summary>Cuts the internal feed's bytes into frames; pure, allocation-free, and strict about lengths.</summary>
public static class FeedFrameReader
{
    /// <summary>
    /// Takes the next whole frame off <paramref name="buffer"/>. False when more bytes are needed; throws
    /// <see cref="InvalidDataException"/> for an unknown type or a length no frame can have.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out FeedFrameType type, out ReadOnlySequence<byte> body)
    {
        type = default;
        body = default;
        if (buffer.Length < FeedFrames.FrameHeaderSize)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[FeedFrames.FrameHeaderSize];
        buffer.Slice(0, FeedFrames.FrameHeaderSize).CopyTo(head);
        var length = BinaryPrimitives.ReadInt32LittleEndian(head[1..]);
        var kind = (FeedFrameType)head[0];
        var valid = kind switch
        {
            FeedFrameType.Chunk => length >= FeedFrames.ChunkHeaderSize,
            FeedFrameType.Segment => length == FeedFrames.SegmentSize,
            FeedFrameType.State => length > 0,
            FeedFrameType.Live or FeedFrameType.Heartbeat => length == 0,
            _ => false,
        };
        if (!valid || length > FeedFrames.MaxBodyLength)
        {
            throw new InvalidDataException($"feed frame of type {head[0]} with a body of {length} bytes is not valid");
        }

        if (buffer.Length < FeedFrames.FrameHeaderSize + (long)length)
        {
            return false;
        }

        type = kind;
        body = buffer.Slice(FeedFrames.FrameHeaderSize, length);
        buffer = buffer.Slice(FeedFrames.FrameHeaderSize + (long)length);
        return true;
    }
}
