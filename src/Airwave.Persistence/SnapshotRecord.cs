namespace Airwave.Persistence;

/// <summary>A stored snapshot of an entity's state as of <paramref name="SequenceNr"/>.</summary>
public sealed record SnapshotRecord(string PersistenceId, long SequenceNr, DateTimeOffset Created, SerializedPayload Payload);
