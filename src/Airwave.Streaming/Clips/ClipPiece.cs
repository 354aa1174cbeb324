using Airwave.Persistence.Archive;

namespace Airwave.Streaming.Clips;

/// <summary>One contiguous run of a clip's bytes: a slice of an archived segment's file, or of a chunk still in the rewind buffer.</summary>
/// <param name="Segment">The archived segment the bytes come from, or null for a rewind buffer chunk.</param>
/// <param name="Seq">The chunk's sequence number when <paramref name="Segment"/> is null.</param>
/// <param name="Offset">Where the slice starts in the segment file or chunk payload.</param>
/// <param name="Length">Bytes in the slice.</param>
public readonly record struct ClipPiece(ArchiveSegmentRecord? Segment, long Seq, long Offset, long Length);
