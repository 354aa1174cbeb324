namespace Airwave.Persistence;

/// <summary>The snapshot store on either SQL backend, over Akka.Persistence.Sql's snapshot table.</summary>
internal sealed class SqlSnapshotStore : ISnapshotStore
{
    private readonly ISqlDatabase database;
    private readonly string saveSql;
    private readonly string loadSql;
    private readonly string deleteSql;

    public SqlSnapshotStore(ISqlDatabase database)
    {
        this.database = database;
        var t = database.Tables;
        saveSql =
            $"INSERT INTO {t.Snapshot} (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) " +
            "VALUES (@pid, @seq, @created, @snapshot, @manifest, @serializer) " +
            "ON CONFLICT (persistence_id, sequence_number) DO UPDATE SET created = excluded.created, " +
            "snapshot = excluded.snapshot, manifest = excluded.manifest, serializer_id = excluded.serializer_id";
        loadSql =
            $"SELECT sequence_number, created, snapshot, manifest, serializer_id FROM {t.Snapshot} " +
            "WHERE persistence_id = @pid AND sequence_number <= @max ORDER BY sequence_number DESC LIMIT 1";
        deleteSql =
            $"DELETE FROM {t.Snapshot} WHERE persistence_id = @pid AND sequence_number <= @max AND created <= @maxCreated";
    }

    public Task SaveAsync(SnapshotRecord snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                using var command = connection.Command(saveSql, transaction);
                command.With("pid", snapshot.PersistenceId);
                command.With("seq", snapshot.SequenceNr);
                command.With("created", snapshot.Created.ToUnixTimeMilliseconds());
                command.With("snapshot", PayloadBytes.AsArray(snapshot.Payload.Bytes));
                command.With("manifest", snapshot.Payload.Manifest);
                command.With("serializer", snapshot.Payload.SerializerId);
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public async Task<SnapshotRecord?> LoadLatestAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(loadSql);
            command.With("pid", persistenceId);
            command.With("max", maxSequenceNr);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new SnapshotRecord(
                    persistenceId,
                    reader.GetInt64(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    new SerializedPayload(reader.GetInt32(4), reader.GetString(3), reader.GetFieldValue<byte[]>(2)));
            }
        }
    }

    public Task DeleteAsync(string persistenceId, SnapshotCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        return database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                using var command = connection.Command(deleteSql, transaction);
                command.With("pid", persistenceId);
                command.With("max", criteria.MaxSequenceNr);
                command.With("maxCreated", criteria.MaxCreatedUnixMs);
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
