using Airwave.Streaming.Chunks;

namespace Airwave.Streaming.Rewind;

/// <summary>A listener's read position in a rewind buffer: reads chunk after chunk and says when it fell out of the buffer.</summary>
/// <remarks>One per listener session, used by one thread at a time. Follow the payload rule on <see cref="RewindBuffer"/>.</remarks>
public sealed class RewindCursor
{
    private readonly RewindBuffer buffer;

    internal RewindCursor(RewindBuffer buffer, long nextSeq)
    {
        this.buffer = buffer;
        NextSeq = nextSeq;
    }

    /// <summary>The sequence number the next read asks for.</summary>
    public long NextSeq { get; private set; }

    /// <summary>Reads the next chunk (at or after <see cref="NextSeq"/>) and moves past it when one is available.</summary>
    public ChunkReadStatus TryReadNext(out ChunkHeader header, out ReadOnlyMemory<byte> payload)
    {
        var status = buffer.TryRead(NextSeq, out header, out payload);
        if (status == ChunkReadStatus.Available)
        {
            NextSeq = header.Seq + 1;
        }

        return status;
    }

    /// <summary>True if the payload read with <paramref name="header"/> is still intact; check after copying it.</summary>
    public bool IsIntact(in ChunkHeader header) => buffer.IsPayloadIntact(header.Seq);

    /// <summary>Moves the read position, e.g. to the oldest chunk after <see cref="ChunkReadStatus.Evicted"/>.</summary>
    public void MoveTo(long seq) => NextSeq = seq;
}
