namespace Airwave.Persistence;

/// <summary>One serialized event of an atomic write, with the sequence number it claims.</summary>
/// <param name="SequenceNr">The event's sequence number within its persistence id (1, 2, 3, ...).</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="Tags">Tags under which <see cref="IJournal.EventsByTagAsync"/> finds the event.</param>
public sealed record EventToWrite(long SequenceNr, SerializedPayload Payload, IReadOnlyList<string> Tags)
{
    /// <summary>An event without tags.</summary>
    public EventToWrite(long sequenceNr, SerializedPayload payload)
        : this(sequenceNr, payload, [])
    {
    }
}
