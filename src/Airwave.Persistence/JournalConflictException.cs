namespace Airwave.Persistence;

/// <summary>Thrown when a write claims a sequence number that another writer already stored for the same persistence id.</summary>
public sealed class JournalConflictException : Exception
{
    public JournalConflictException(string persistenceId, long sequenceNr, Exception? innerException)
        : base(
            $"Journal conflict: persistence id '{persistenceId}' already has sequence number {sequenceNr} (or one of the batch starting there); " +
            "two writers are persisting the same entity.",
            innerException)
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    /// <summary>The persistence id both writers wrote to.</summary>
    public string PersistenceId { get; }

    /// <summary>The first sequence number of the rejected batch.</summary>
    public long SequenceNr { get; }
}
