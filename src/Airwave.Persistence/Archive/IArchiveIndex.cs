namespace Airwave.Persistence.Archive;

/// <summary>The database index of archived segments, so windows are found without walking the archive's directories.</summary>
/// <remarks>
/// Each row names the <em>store</em> holding its file (an id kept in the archive directory). A cluster's masters share
/// the index but each writes to its own disk, so pruning and the size limit only ever look at one store's rows: a
/// master never forgets segments whose files sit on another master's disk. Masters sharing one archive directory share
/// its id, and so its rows.
/// </remarks>
public interface IArchiveIndex
{
    /// <summary>Records a segment held by <paramref name="store"/> (replacing an earlier record with the same channel and media sequence).</summary>
    Task AddAsync(string store, ArchiveSegmentRecord segment, CancellationToken cancellationToken = default);

    /// <summary>Segments of <paramref name="channel"/> overlapping [<paramref name="fromTicks"/>, <paramref name="toTicks"/>), by start time, whichever store holds them.</summary>
    Task<IReadOnlyList<ArchiveSegmentRecord>> OverlappingAsync(string channel, long fromTicks, long toTicks, CancellationToken cancellationToken = default);

    /// <summary>The segment with media sequence <paramref name="mediaSequence"/>, or null.</summary>
    Task<ArchiveSegmentRecord?> FindAsync(string channel, long mediaSequence, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> oldest segments of the channel in <paramref name="store"/> that ended at or before <paramref name="endTicks"/>, oldest first.</summary>
    Task<IReadOnlyList<ArchiveSegmentRecord>> OldestAsync(string store, string channel, long endTicks, int limit, CancellationToken cancellationToken = default);

    /// <summary>Bytes of the channel's segments in <paramref name="store"/>.</summary>
    Task<long> TotalBytesAsync(string store, string channel, CancellationToken cancellationToken = default);

    /// <summary>Channels that have segments in <paramref name="store"/>.</summary>
    Task<IReadOnlyList<string>> ChannelsAsync(string store, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> segments indexed before rows named their store (schema version 6), to be claimed by whoever holds their files.</summary>
    Task<IReadOnlyList<ArchiveSegmentRecord>> UnclaimedAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Names <paramref name="store"/> as the holder of the given segments, where no store holds them yet.</summary>
    Task ClaimAsync(string store, IReadOnlyCollection<ArchiveSegmentRecord> segments, CancellationToken cancellationToken = default);

    /// <summary>Forgets the given segments of the channel.</summary>
    Task DeleteAsync(string channel, IReadOnlyCollection<long> mediaSequences, CancellationToken cancellationToken = default);
}
