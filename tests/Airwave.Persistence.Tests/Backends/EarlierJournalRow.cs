namespace Airwave.Persistence.Tests.Backends;

/// <summary>A row of the journal the node kept itself before schema version 4: an event's JSON under its persistence id.</summary>
public sealed record EarlierJournalRow(string PersistenceId, long SequenceNr, string Manifest, string Json, long CreatedUnixMs, bool Deleted = false)
{
    public const string Insert =
        "INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
        "VALUES (@deleted, @pid, @seq, @created, @message, 1, @manifest, 'earlier-version')";
}
