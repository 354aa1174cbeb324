namespace Airwave.Persistence;

/// <summary>Stores entity snapshots so recovery replays only the events written after the latest one.</summary>
public interface ISnapshotStore
{
    /// <summary>Stores a snapshot, replacing one with the same persistence id and sequence number.</summary>
    Task SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken = default);

    /// <summary>The snapshot with the highest sequence number not above <paramref name="maxSequenceNr"/>, or null.</summary>
    Task<SnapshotRecord?> LoadLatestAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Deletes the snapshots of a persistence id that match <paramref name="criteria"/>.</summary>
    Task DeleteAsync(string persistenceId, SnapshotCriteria criteria, CancellationToken cancellationToken = default);
}
