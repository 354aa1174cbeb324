namespace Airwave.Persistence.Archive;

/// <summary>The database index of archived segments, so windows are found without walking the archive's directories.</summary>
public interface IArchiveIndex
{
    /// <summary>Records a segment (replacing an earlier record with the same channel and media sequence).</summary>
    Task AddAsync(ArchiveSegmentRecord segment, CancellationToken cancellationToken = default);

    /// <summary>Segments of <paramref name="channel"/> overlapping [<paramref name="fromTicks"/>, <paramref name="toTicks"/>), by start time.</summary>
    Task<IReadOnlyList<ArchiveSegmentRecord>> OverlappingAsync(string channel, long fromTicks, long toTicks, CancellationToken cancellationToken = default);

    /// <summary>The segment with media sequence <paramref name="mediaSequence"/>, or null.</summary>
    Task<ArchiveSegmentRecord?> FindAsync(string channel, long mediaSequence, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> oldest segments of the channel that ended at or before <paramref name="endTicks"/>, oldest first.</summary>
    Task<IReadOnlyList<ArchiveSegmentRecord>> OldestAsync(string channel, long endTicks, int limit, CancellationToken cancellationToken = default);

    /// <summary>Bytes of all archived segments of the channel.</summary>
    Task<long> TotalBytesAsync(string channel, CancellationToken cancellationToken = default);

    /// <summary>Channels that have archived segments.</summary>
    Task<IReadOnlyList<string>> ChannelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets the given segments of the channel.</summary>
    Task DeleteAsync(string channel, IReadOnlyCollection<long> mediaSequences, CancellationToken cancellationToken = default);
}
