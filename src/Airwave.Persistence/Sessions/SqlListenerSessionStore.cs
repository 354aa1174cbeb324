using System.Data.Common;

namespace Airwave.Persistence.Sessions;

/// <summary>The session store in the node's database (SQLite or PostgreSQL), tables <c>listener_session</c> and <c>listener_connection</c>.</summary>
/// <remarks>
/// A batch is one transaction. PostgreSQL gets it as one <see cref="DbBatch"/> (one round trip for thousands of
/// sessions); SQLite runs in-process, so one prepared statement re-executed costs no round trips either.
/// </remarks>
internal sealed class SqlListenerSessionStore(ISqlDatabase database) : IListenerSessionStore
{
    private readonly string loadSql = $"SELECT version, state FROM {database.Tables.ListenerSession} WHERE session_id = @id";

    private readonly string saveStateSql =
        $"INSERT INTO {database.Tables.ListenerSession} AS s (session_id, version, last_seen_ticks, state) VALUES (@id, @version, @seen, @state) " +
        "ON CONFLICT (session_id) DO UPDATE SET version = excluded.version, last_seen_ticks = excluded.last_seen_ticks, state = excluded.state " +
        "WHERE s.version = excluded.version - 1";

    private readonly string saveRecordSql =
        $"INSERT INTO {database.Tables.ListenerConnection} (connection_id, ended_ticks, record) VALUES (@id, @ended, @record) " +
        "ON CONFLICT (connection_id) DO NOTHING";

    private readonly string deleteSql = $"DELETE FROM {database.Tables.ListenerSession} WHERE last_seen_ticks < @cutoff";

    private readonly string recordsSql =
        $"SELECT record FROM {database.Tables.ListenerConnection} WHERE ended_ticks >= @since ORDER BY ended_ticks, connection_id LIMIT @max";

    public async Task<StoredSessionState?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var found = await database.ReadRowsAsync(
            loadSql, select => select.With("id", sessionId), row => new StoredSessionState(row.GetInt64(0), (byte[])row.GetValue(1)), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlySet<string>> SaveAsync(IReadOnlyList<SessionStateWrite> states, IReadOnlyList<ConnectionRecordWrite> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(records);
        var lost = new HashSet<string>(StringComparer.Ordinal);
        if (states.Count == 0 && records.Count == 0)
        {
            return lost;
        }

        await database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                lost.Clear();
                var affected = connection.CanCreateBatch
                    ? await SaveAsBatchAsync(connection, transaction, states, records, ct).ConfigureAwait(false)
                    : await SaveOneByOneAsync(connection, transaction, states, records, ct).ConfigureAwait(false);
                for (var i = 0; i < states.Count; i++)
                {
                    if (affected[i] == 0)
                    {
                        lost.Add(states[i].SessionId);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
        return lost;
    }

    public Task<int> DeleteLastSeenBeforeAsync(DateTime cutoffUtc, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(deleteSql, delete => delete.With("cutoff", cutoffUtc.Ticks), cancellationToken);

    public async Task<IReadOnlyList<byte[]>> ConnectionRecordsSinceAsync(DateTime sinceUtc, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return await database.ReadRowsAsync(
            recordsSql,
            select =>
            {
                select.With("since", sinceUtc.Ticks);
                select.With("max", max);
            },
            row => (byte[])row.GetValue(0),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends every statement at once; returns the rows each state write changed, in order.</summary>
    private async Task<int[]> SaveAsBatchAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<SessionStateWrite> states, IReadOnlyList<ConnectionRecordWrite> records, CancellationToken cancellationToken)
    {
        using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var state in states)
        {
            batch.BatchCommands.Add(StateCommand(batch.CreateBatchCommand(), state));
        }

        foreach (var record in records)
        {
            batch.BatchCommands.Add(RecordCommand(batch.CreateBatchCommand(), record));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var affected = new int[states.Count];
        for (var i = 0; i < affected.Length; i++)
        {
            affected[i] = batch.BatchCommands[i].RecordsAffected;
        }

        return affected;
    }

    /// <summary>Re-executes one prepared statement per kind; returns the rows each state write changed, in order.</summary>
    private async Task<int[]> SaveOneByOneAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<SessionStateWrite> states, IReadOnlyList<ConnectionRecordWrite> records, CancellationToken cancellationToken)
    {
        var affected = new int[states.Count];
        using (var saveState = connection.Command(saveStateSql, transaction))
        {
            var id = saveState.With("id", string.Empty);
            var version = saveState.With("version", 0L);
            var seen = saveState.With("seen", 0L);
            var bytes = saveState.With("state", Array.Empty<byte>());
            for (var i = 0; i < states.Count; i++)
            {
                (id.Value, version.Value, seen.Value, bytes.Value) = (states[i].SessionId, states[i].Version, states[i].LastSeenUtc.Ticks, states[i].State);
                affected[i] = await saveState.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        using var saveRecord = connection.Command(saveRecordSql, transaction);
        var connectionId = saveRecord.With("id", string.Empty);
        var ended = saveRecord.With("ended", 0L);
        var record = saveRecord.With("record", Array.Empty<byte>());
        foreach (var write in records)
        {
            (connectionId.Value, ended.Value, record.Value) = (write.ConnectionId, write.EndedUtc.Ticks, write.Record);
            await saveRecord.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return affected;
    }

    private DbBatchCommand StateCommand(DbBatchCommand command, SessionStateWrite state)
    {
#pragma warning disable CA2100 // The table name comes from SqlTables; every value is a parameter.
        command.CommandText = saveStateSql;
#pragma warning restore CA2100
        command.With("id", state.SessionId);
        command.With("version", state.Version);
        command.With("seen", state.LastSeenUtc.Ticks);
        command.With("state", state.State);
        return command;
    }

    private DbBatchCommand RecordCommand(DbBatchCommand command, ConnectionRecordWrite record)
    {
#pragma warning disable CA2100 // The table name comes from SqlTables; every value is a parameter.
        command.CommandText = saveRecordSql;
#pragma warning restore CA2100
        command.With("id", record.ConnectionId);
        command.With("ended", record.EndedUtc.Ticks);
        command.With("record", record.Record);
        return command;
    }
}
