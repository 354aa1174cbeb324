using System.Buffers;
using Airwave.Persistence.Archive;

namespace Airwave.Streaming.Archive;

/// <summary>A closed segment copied out of the rewind buffer, waiting for the archive's writer: its index record and its bytes.</summary>
/// <param name="Segment">The index record to store once the file is on disk.</param>
/// <param name="Buffer">Rented from <see cref="ArrayPool{T}.Shared"/>; the first <see cref="ArchiveSegmentRecord.Bytes"/> bytes are the segment.</param>
public sealed record ArchiveSegmentWrite(ArchiveSegmentRecord Segment, byte[] Buffer)
{
    /// <summary>The segment's bytes.</summary>
    public ReadOnlyMemory<byte> Payload => Buffer.AsMemory(0, (int)Segment.Bytes);

    /// <summary>Gives the buffer back to the pool; the write must not be used afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}
