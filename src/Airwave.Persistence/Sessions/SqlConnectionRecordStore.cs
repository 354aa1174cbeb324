using System.Data.Common;

namespace Airwave.Persistence.Sessions;

/// <summary>The ended-connection records in the node's database (SQLite or PostgreSQL), table <c>listener_connection</c>.</summary>
/// <remarks>
/// A batch is one transaction. PostgreSQL gets it as one <see cref="DbBatch"/> (one round trip for thousands of
/// records); SQLite runs in-process, so one prepared statement re-executed costs no round trips either.
/// </remarks>
internal sealed class SqlConnectionRecordStore(ISqlDatabase database) : IConnectionRecordStore
{
    private readonly string saveSql =
        $"INSERT INTO {database.Tables.ListenerConnection} (connection_id, ended_ticks, record) VALUES (@id, @ended, @record) " +
        "ON CONFLICT (connection_id) DO NOTHING";

    private readonly string recordsSql =
        $"SELECT record FROM {database.Tables.ListenerConnection} WHERE ended_ticks >= @since ORDER BY ended_ticks, connection_id LIMIT @max";

    public async Task SaveAsync(IReadOnlyList<ConnectionRecordWrite> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        await database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                if (connection.CanCreateBatch)
                {
                    await SaveAsBatchAsync(connection, transaction, records, ct).ConfigureAwait(false);
                }
                else
                {
                    await SaveOneByOneAsync(connection, transaction, records, ct).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<byte[]>> RecordsSinceAsync(DateTime sinceUtc, int max, CancellationToken cancellationToken = default)
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

    private async Task SaveAsBatchAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ConnectionRecordWrite> records, CancellationToken cancellationToken)
    {
        using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var record in records)
        {
            var command = batch.CreateBatchCommand();
#pragma warning disable CA2100 // The table name comes from SqlTables; every value is a parameter.
            command.CommandText = saveSql;
#pragma warning restore CA2100
            command.With("id", record.ConnectionId);
            command.With("ended", record.EndedUtc.Ticks);
            command.With("record", record.Record);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SaveOneByOneAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ConnectionRecordWrite> records, CancellationToken cancellationToken)
    {
        using var save = connection.Command(saveSql, transaction);
        var connectionId = save.With("id", string.Empty);
        var ended = save.With("ended", 0L);
        var record = save.With("record", Array.Empty<byte>());
        foreach (var write in records)
        {
            (connectionId.Value, ended.Value, record.Value) = (write.ConnectionId, write.EndedUtc.Ticks, write.Record);
            await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
