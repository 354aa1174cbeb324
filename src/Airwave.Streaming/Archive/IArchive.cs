using Airwave.Persistence.Archive;

namespace Airwave.Streaming.Archive;

/// <summary>Where closed segments are kept for days: written in the background, found by time, read back and pruned; disk today, an object store could follow.</summary>
public interface IArchive
{
    /// <summary>Queues a segment for writing without blocking; false (and the buffer released) when the archive cannot keep up.</summary>
    bool TryWrite(ArchiveSegmentWrite write);

    /// <summary>Archived segments of <paramref name="channel"/> overlapping [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), by start time.</summary>
    Task<IReadOnlyList<ArchiveSegmentRecord>> QueryAsync(string channel, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default);

    /// <summary>The archived segment with media sequence <paramref name="mediaSequence"/>, or null.</summary>
    Task<ArchiveSegmentRecord?> FindAsync(string channel, long mediaSequence, CancellationToken cancellationToken = default);

    /// <summary>Channels that have segments in this archive (not those only another master's archive holds).</summary>
    Task<IReadOnlyList<string>> ChannelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Claims the segments indexed before the index named stores whose bytes are in this archive, so they are pruned here; returns how many.</summary>
    Task<int> AdoptAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens a segment's bytes for reading (seekable).</summary>
    /// <exception cref="FileNotFoundException">The segment is indexed but its bytes are gone.</exception>
    Stream OpenRead(ArchiveSegmentRecord segment);

    /// <summary>Deletes segments of <paramref name="channel"/> in this archive that ended before <paramref name="olderThanUtc"/>, then the oldest while it holds more than <paramref name="maxBytes"/> (0: no limit).</summary>
    Task<ArchivePruneResult> PruneAsync(string channel, DateTime olderThanUtc, long maxBytes, CancellationToken cancellationToken = default);
}
