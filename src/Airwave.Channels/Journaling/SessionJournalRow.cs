namespace Airwave.Channels.Journaling;

/// <summary>
/// One row of the listener sessions' journal as <see cref="SessionJournalTable"/> reads it: the event's sequence number, the
/// id of the serializer Akka.Persistence.Sql wrote its payload with (null when the row names none), and the payload's bytes.
/// </summary>
public sealed record SessionJournalRow(long SequenceNr, int? SerializerId, byte[] Payload);
