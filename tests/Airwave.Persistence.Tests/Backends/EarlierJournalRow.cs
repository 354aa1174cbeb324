using System.Data.Common;
using System.Text;

namespace Airwave.Persistence.Tests.Backends;

/// <summary>A row of the journal the node kept itself before schema version 4: an event's JSON under its persistence id.</summary>
public sealed record EarlierJournalRow(string PersistenceId, long SequenceNr, string Manifest, string Json, long CreatedUnixMs, bool Deleted = false)
{
    /// <summary>Inserts <paramref name="rows"/> into the old <c>journal</c> table (the connection's search path or database has it).</summary>
    /// <param name="connection">The connection <paramref name="transaction"/> belongs to.</param>
    /// <param name="transaction">The transaction that creates the earlier version's database.</param>
    /// <param name="rows">The rows, in order.</param>
    /// <param name="deleted">The backend's value for the <c>deleted</c> column (SQLite stores an integer, PostgreSQL a boolean).</param>
    public static async Task InsertAllAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EarlierJournalRow> rows, Func<bool, object> deleted)
    {
        foreach (var row in rows)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
                "VALUES (@deleted, @pid, @seq, @created, @message, 1, @manifest, 'earlier-version')";
            foreach (var (name, value) in new (string, object)[]
            {
                ("deleted", deleted(row.Deleted)), ("pid", row.PersistenceId), ("seq", row.SequenceNr), ("created", row.CreatedUnixMs),
                ("message", Encoding.UTF8.GetBytes(row.Json)), ("manifest", row.Manifest),
            })
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                insert.Parameters.Add(parameter);
            }

            await insert.ExecuteNonQueryAsync();
        }
    }
}
