namespace Airwave.Persistence;

/// <summary>An event read back from the journal.</summary>
/// <param name="Ordering">The journal-wide position of the event; resume tag queries after it.</param>
/// <param name="PersistenceId">The entity that wrote the event.</param>
/// <param name="SequenceNr">The event's sequence number within its persistence id.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="WriterUuid">The writer incarnation that stored the event.</param>
/// <param name="Created">When the event was written.</param>
public sealed record JournalEvent(
    long Ordering,
    string PersistenceId,
    long SequenceNr,
    SerializedPayload Payload,
    string WriterUuid,
    DateTimeOffset Created);
