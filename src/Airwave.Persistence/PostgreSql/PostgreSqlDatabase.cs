using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Airwave.Persistence.PostgreSql;

/// <summary>A PostgreSQL schema reached through a pooled <see cref="NpgsqlDataSource"/>; each event batch, over any number of persistence ids, is one statement in one transaction.</summary>
internal sealed class PostgreSqlDatabase : ISqlDatabase
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string insertEventsSql;

    private PostgreSqlDatabase(NpgsqlDataSource dataSource, SqlTables tables, int schemaVersion)
    {
        this.dataSource = dataSource;
        Tables = tables;
        SchemaVersion = schemaVersion;
        insertEventsSql =
            "WITH batch AS (SELECT * FROM unnest(@pids, @seqs, @messages, @identifiers, @manifests) WITH ORDINALITY " +
            "AS e(pid, seq, message, identifier, manifest, n)), " +
            $"inserted AS (INSERT INTO {tables.Journal} " +
            "(deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
            "SELECT FALSE, e.pid, e.seq, @created, e.message, e.identifier, e.manifest, @writer FROM batch e ORDER BY e.n " +
            "ON CONFLICT (persistence_id, sequence_number) DO NOTHING RETURNING ordering, persistence_id, sequence_number), " +
            $"tagged AS (INSERT INTO {tables.Tags} (ordering_id, tag, sequence_nr, persistence_id) " +
            "SELECT i.ordering, g.tag, i.sequence_number, i.persistence_id FROM inserted i " +
            "JOIN unnest(@tagPids, @tagSeqs, @tagNames) AS g(pid, seq, tag) ON g.pid = i.persistence_id AND g.seq = i.sequence_number), " +
            "superseding AS (SELECT * FROM unnest(@supersedingPids, @supersedingFirstSeqs) AS s(pid, first_seq)), " +
            $"untagged AS (DELETE FROM {tables.Tags} t USING superseding s WHERE t.persistence_id = s.pid AND t.sequence_nr < s.first_seq), " +
            $"superseded AS (DELETE FROM {tables.Journal} j USING superseding s WHERE j.persistence_id = s.pid AND j.sequence_number < s.first_seq) " +
            "SELECT e.pid FROM batch e WHERE NOT EXISTS " +
            "(SELECT 1 FROM inserted i WHERE i.persistence_id = e.pid AND i.sequence_number = e.seq) ORDER BY e.n LIMIT 1";
    }

    public SqlTables Tables { get; }

    public int SchemaVersion { get; }

    public static async Task<PostgreSqlDatabase> OpenAsync(PersistenceOptions options, CancellationToken cancellationToken)
    {
        var connectionString = options.ConnectionString
            ?? throw new ArgumentException("PersistenceOptions.ConnectionString is required for the PostgreSQL provider.", nameof(options));
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            CommandTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            var version = await PostgreSqlSchemaMigrator.MigrateAsync(dataSource, options.Schema, cancellationToken).ConfigureAwait(false);
            return new PostgreSqlDatabase(dataSource, SqlTables.InSchema(PostgreSqlIdentifier.Quote(options.Schema)), version);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <remarks>
    /// A taken sequence number is skipped (<c>ON CONFLICT DO NOTHING</c>) rather than failing the statement, so the
    /// statement itself names the first write that lost, and the exception rolls the transaction back.
    /// </remarks>
    public async Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<AtomicWrite> writes,
        string writerUuid,
        CancellationToken cancellationToken)
    {
        var count = writes.Sum(w => w.Events.Count);
        var pids = new string[count];
        var seqs = new long[count];
        var messages = new byte[count][];
        var identifiers = new int[count];
        var manifests = new string[count];
        var tagPids = new List<string>();
        var tagSeqs = new List<long>();
        var tagNames = new List<string>();
        var supersedingPids = new List<string>();
        var supersedingFirstSeqs = new List<long>();
        var i = 0;
        foreach (var write in writes)
        {
            foreach (var journalEvent in write.Events)
            {
                pids[i] = write.PersistenceId;
                seqs[i] = journalEvent.SequenceNr;
                messages[i] = PayloadBytes.AsArray(journalEvent.Payload.Bytes);
                identifiers[i] = journalEvent.Payload.SerializerId;
                manifests[i] = journalEvent.Payload.Manifest;
                i++;
                foreach (var tag in journalEvent.Tags.Distinct(StringComparer.Ordinal))
                {
                    tagPids.Add(write.PersistenceId);
                    tagSeqs.Add(journalEvent.SequenceNr);
                    tagNames.Add(tag);
                }
            }

            if (write.SupersedesEarlier)
            {
                supersedingPids.Add(write.PersistenceId);
                supersedingFirstSeqs.Add(write.Events[0].SequenceNr);
            }
        }

        using var command = new NpgsqlCommand(insertEventsSql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("pids", NpgsqlDbType.Array | NpgsqlDbType.Varchar, pids);
        command.Parameters.AddWithValue("seqs", seqs);
        command.Parameters.AddWithValue("messages", messages);
        command.Parameters.AddWithValue("identifiers", identifiers);
        command.Parameters.AddWithValue("manifests", NpgsqlDbType.Array | NpgsqlDbType.Varchar, manifests);
        command.Parameters.AddWithValue("created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("writer", NpgsqlDbType.Varchar, writerUuid);
        command.Parameters.AddWithValue("tagPids", NpgsqlDbType.Array | NpgsqlDbType.Varchar, tagPids.ToArray());
        command.Parameters.AddWithValue("tagSeqs", tagSeqs.ToArray());
        command.Parameters.AddWithValue("tagNames", NpgsqlDbType.Array | NpgsqlDbType.Varchar, tagNames.ToArray());
        command.Parameters.AddWithValue("supersedingPids", NpgsqlDbType.Array | NpgsqlDbType.Varchar, supersedingPids.ToArray());
        command.Parameters.AddWithValue("supersedingFirstSeqs", supersedingFirstSeqs.ToArray());
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string lost)
        {
            throw new JournalConflictException(lost, writes.First(w => w.PersistenceId == lost).Events[0].SequenceNr, null);
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
