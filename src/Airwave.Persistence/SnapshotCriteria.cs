namespace Airwave.Persistence;

/// <summary>Selects snapshots with sequence number and creation time at most the given bounds.</summary>
public sealed record SnapshotCriteria(long MaxSequenceNr = long.MaxValue, DateTimeOffset? MaxTimestamp = null)
{
    /// <summary>Every snapshot.</summary>
    public static SnapshotCriteria All { get; } = new();

    internal long MaxCreatedUnixMs => MaxTimestamp?.ToUnixTimeMilliseconds() ?? long.MaxValue;
}
