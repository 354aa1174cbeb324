namespace Airwave.Persistence;

/// <summary>One persistence id's part of <see cref="IJournal.WriteBatchAsync"/>: its events, stored together with the rest of the batch.</summary>
/// <param name="PersistenceId">The entity writing.</param>
/// <param name="Events">Its events, with ascending sequence numbers.</param>
public sealed record AtomicWrite(string PersistenceId, IReadOnlyList<EventToWrite> Events)
{
    /// <summary>
    /// True when the events carry the entity's whole state (a checkpoint): its earlier events and their tags are deleted
    /// in the same transaction, so the journal keeps only the latest and the highest sequence number stays known.
    /// </summary>
    public bool SupersedesEarlier { get; init; }
}
