using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Airwave.Persistence;

/// <summary>The journal on either SQL backend: shared queries over Akka.Persistence.Sql's tables, backend-specific batch inserts.</summary>
internal sealed class SqlJournal : IJournal
{
    private const string EventColumns =
        "j.ordering, j.persistence_id, j.sequence_number, j.created, j.message, j.identifier, j.manifest, j.writer_uuid";

    private readonly ISqlDatabase database;
    private readonly string writerUuid;
    private readonly string readEventsSql;
    private readonly string highestSql;
    private readonly string eventsByTagSql;
    private readonly string persistenceIdsSql;
    private readonly string markDeletedSql;
    private readonly string deleteTagsSql;
    private readonly string deleteBelowHighestSql;

    public SqlJournal(ISqlDatabase database, string writerUuid)
    {
        this.database = database;
        this.writerUuid = writerUuid;
        var t = database.Tables;
        readEventsSql =
            $"SELECT {EventColumns} FROM {t.Journal} j WHERE j.persistence_id = @pid AND j.sequence_number >= @from " +
            "AND j.sequence_number <= @to AND j.deleted = FALSE ORDER BY j.sequence_number LIMIT @max";
        highestSql = $"SELECT MAX(sequence_number) FROM {t.Journal} WHERE persistence_id = @pid";
        eventsByTagSql =
            $"SELECT {EventColumns} FROM {t.Tags} g JOIN {t.Journal} j ON j.ordering = g.ordering_id " +
            "WHERE g.tag = @tag AND g.ordering_id > @after AND j.deleted = FALSE ORDER BY g.ordering_id LIMIT @max";
        persistenceIdsSql = $"SELECT DISTINCT persistence_id FROM {t.Journal} ORDER BY persistence_id";
        markDeletedSql = $"UPDATE {t.Journal} SET deleted = TRUE WHERE persistence_id = @pid AND sequence_number <= @to";
        deleteTagsSql =
            $"DELETE FROM {t.Tags} WHERE persistence_id = @pid AND sequence_nr <= @to";
        deleteBelowHighestSql =
            $"DELETE FROM {t.Journal} WHERE persistence_id = @pid AND sequence_number <= @to " +
            $"AND sequence_number < (SELECT MAX(sequence_number) FROM {t.Journal} WHERE persistence_id = @pid)";
    }

    public Task WriteAsync(string persistenceId, IReadOnlyList<EventToWrite> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0 ? Task.CompletedTask : WriteBatchAsync([new AtomicWrite(persistenceId, events)], cancellationToken);
    }

    public Task WriteBatchAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var ids = new HashSet<string>(writes.Count, StringComparer.Ordinal);
        foreach (var write in writes)
        {
            ArgumentException.ThrowIfNullOrEmpty(write.PersistenceId);
            if (write.Events.Count == 0)
            {
                throw new ArgumentException($"the write of '{write.PersistenceId}' has no events", nameof(writes));
            }

            if (!ids.Add(write.PersistenceId))
            {
                throw new ArgumentException($"'{write.PersistenceId}' appears more than once in the batch", nameof(writes));
            }
        }

        return writes.Count == 0
            ? Task.CompletedTask
            : database.WriteAsync((connection, transaction, ct) => database.InsertEventsAsync(connection, transaction, writes, writerUuid, ct), cancellationToken);
    }

    public async IAsyncEnumerable<JournalEvent> ReadEventsAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (max <= 0 || toSequenceNr < fromSequenceNr)
        {
            yield break;
        }

        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(readEventsSql);
            command.With("pid", persistenceId);
            command.With("from", fromSequenceNr);
            command.With("to", toSequenceNr);
            command.With("max", max);
            await foreach (var journalEvent in ReadEvents(command, cancellationToken).ConfigureAwait(false))
            {
                yield return journalEvent;
            }
        }
    }

    public async Task<long> HighestSequenceNumberAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(highestSql);
            command.With("pid", persistenceId);
            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction, ct) =>
            {
                foreach (var sql in new[] { markDeletedSql, deleteTagsSql, deleteBelowHighestSql })
                {
                    using var command = connection.Command(sql, transaction);
                    command.With("pid", persistenceId);
                    command.With("to", toSequenceNr);
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            },
            cancellationToken);

    public async IAsyncEnumerable<JournalEvent> EventsByTagAsync(
        string tag,
        long afterOrdering,
        int max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (max <= 0)
        {
            yield break;
        }

        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(eventsByTagSql);
            command.With("tag", tag);
            command.With("after", afterOrdering);
            command.With("max", (long)max);
            await foreach (var journalEvent in ReadEvents(command, cancellationToken).ConfigureAwait(false))
            {
                yield return journalEvent;
            }
        }
    }

    public async IAsyncEnumerable<string> CurrentPersistenceIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.Command(persistenceIdsSql);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return reader.GetString(0);
                }
            }
        }
    }

    private static async IAsyncEnumerable<JournalEvent> ReadEvents(DbCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var payload = new SerializedPayload(
                    reader.IsDBNull(5) ? 0 : reader.GetInt32(5),
                    reader.GetString(6),
                    reader.GetFieldValue<byte[]>(4));
                yield return new JournalEvent(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetInt64(2),
                    payload,
                    reader.GetString(7),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
            }
        }
    }
}
