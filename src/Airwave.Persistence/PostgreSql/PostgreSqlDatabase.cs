using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Airwave.Persistence.PostgreSql;

/// <summary>A PostgreSQL schema reached through a pooled <see cref="NpgsqlDataSource"/>; each event batch is one multi-row statement in one transaction.</summary>
internal sealed class PostgreSqlDatabase : ISqlDatabase
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _insertEventsSql;

    private PostgreSqlDatabase(NpgsqlDataSource dataSource, SqlTables tables, int schemaVersion)
    {
        _dataSource = dataSource;
        Tables = tables;
        SchemaVersion = schemaVersion;
        _insertEventsSql =
            $"WITH inserted AS (INSERT INTO {tables.Journal} " +
            "(deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
            "SELECT FALSE, @pid, e.seq, @created, e.message, e.identifier, e.manifest, @writer " +
            "FROM unnest(@seqs, @messages, @identifiers, @manifests) AS e(seq, message, identifier, manifest) ORDER BY e.seq " +
            "RETURNING ordering, sequence_number) " +
            $"INSERT INTO {tables.Tags} (ordering_id, tag, sequence_nr, persistence_id) " +
            "SELECT i.ordering, g.tag, i.sequence_number, @pid FROM inserted i " +
            "JOIN unnest(@tagSeqs, @tagNames) AS g(seq, tag) ON g.seq = i.sequence_number";
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
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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

    public async Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        string persistenceId,
        IReadOnlyList<EventToWrite> events,
        string writerUuid,
        CancellationToken cancellationToken)
    {
        var seqs = new long[events.Count];
        var messages = new byte[events.Count][];
        var identifiers = new int[events.Count];
        var manifests = new string[events.Count];
        var tagSeqs = new List<long>();
        var tagNames = new List<string>();
        for (var i = 0; i < events.Count; i++)
        {
            var journalEvent = events[i];
            seqs[i] = journalEvent.SequenceNr;
            messages[i] = PayloadBytes.AsArray(journalEvent.Payload.Bytes);
            identifiers[i] = journalEvent.Payload.SerializerId;
            manifests[i] = journalEvent.Payload.Manifest;
            foreach (var tag in journalEvent.Tags.Distinct(StringComparer.Ordinal))
            {
                tagSeqs.Add(journalEvent.SequenceNr);
                tagNames.Add(tag);
            }
        }

        using var command = new NpgsqlCommand(_insertEventsSql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("pid", NpgsqlDbType.Varchar, persistenceId);
        command.Parameters.AddWithValue("created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("writer", NpgsqlDbType.Varchar, writerUuid);
        command.Parameters.AddWithValue("seqs", seqs);
        command.Parameters.AddWithValue("messages", messages);
        command.Parameters.AddWithValue("identifiers", identifiers);
        command.Parameters.AddWithValue("manifests", NpgsqlDbType.Array | NpgsqlDbType.Varchar, manifests);
        command.Parameters.AddWithValue("tagSeqs", tagSeqs.ToArray());
        command.Parameters.AddWithValue("tagNames", NpgsqlDbType.Array | NpgsqlDbType.Varchar, tagNames.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
