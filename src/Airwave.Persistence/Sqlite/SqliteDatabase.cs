using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Airwave.Persistence.Sqlite;

/// <summary>
/// One SQLite file in WAL mode: a single writer connection (writes are serialized in-process and each batch is one
/// transaction) and pooled read connections that WAL lets run beside it.
/// </summary>
/// <remarks>
/// synchronous=FULL: with WAL, NORMAL only syncs at checkpoints, so a power loss can drop the last commits even
/// though their writers were acknowledged. A journal acknowledges an event as durable, so every commit is fsynced;
/// batching amortizes that cost.
/// </remarks>
internal sealed class SqliteDatabase : ISqlDatabase
{
    private static readonly Lazy<bool> NativeLibrary = new(
        () =>
        {
            SQLitePCL.Batteries.Init();
            return true;
        },
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string connectionString;
    private readonly int busyTimeoutMs;
    private readonly SqliteConnection writer;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    private SqliteDatabase(string connectionString, int busyTimeoutMs, SqliteConnection writer, int schemaVersion)
    {
        this.connectionString = connectionString;
        this.busyTimeoutMs = busyTimeoutMs;
        this.writer = writer;
        SchemaVersion = schemaVersion;
    }

    public SqlTables Tables => SqlTables.Unqualified;

    public int SchemaVersion { get; }

    public static async Task<SqliteDatabase> OpenAsync(PersistenceOptions options, CancellationToken cancellationToken)
    {
        _ = NativeLibrary.Value;
        var directory = options.DataDirectory
            ?? throw new ArgumentException("PersistenceOptions.DataDirectory is required for the SQLite provider.", nameof(options));
        Directory.CreateDirectory(directory);
        var busyTimeout = (int)options.BusyTimeout.TotalMilliseconds;
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, options.SqliteFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();

        var writer = new SqliteConnection(connectionString);
        try
        {
            await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecutePragmaAsync(writer, $"PRAGMA busy_timeout = {busyTimeout.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
            await ExecutePragmaAsync(writer, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            await ExecutePragmaAsync(writer, "PRAGMA synchronous = FULL", cancellationToken).ConfigureAwait(false);
            var version = await SqliteSchemaMigrator.MigrateAsync(writer, cancellationToken).ConfigureAwait(false);
            return new SqliteDatabase(connectionString, busyTimeout, writer, version);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecutePragmaAsync(connection, $"PRAGMA busy_timeout = {busyTimeoutMs.ToString(CultureInfo.InvariantCulture)}", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = writer.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                await work(writer, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <remarks>One transaction of prepared statements: SQLite runs in-process, so re-executing them costs no round trips.</remarks>
    public async Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<AtomicWrite> writes,
        string writerUuid,
        CancellationToken cancellationToken)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var insert = connection.Command(
            "INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
            "VALUES (0, @pid, @seq, @created, @message, @identifier, @manifest, @writer)",
            transaction);
        var pid = insert.With("pid", string.Empty);
        var seq = insert.With("seq", 0L);
        insert.With("created", created);
        var message = insert.With("message", Array.Empty<byte>());
        var identifier = insert.With("identifier", 0);
        var manifest = insert.With("manifest", string.Empty);
        insert.With("writer", writerUuid);

        using var lastOrdering = connection.Command("SELECT last_insert_rowid()", transaction);
        using var insertTag = connection.Command(
            "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES (@ordering, @tag, @seq, @pid)",
            transaction);
        var tagOrdering = insertTag.With("ordering", 0L);
        var tagName = insertTag.With("tag", string.Empty);
        var tagSeq = insertTag.With("seq", 0L);
        var tagPid = insertTag.With("pid", string.Empty);

        using var deleteEarlier = connection.Command("DELETE FROM journal WHERE persistence_id = @pid AND sequence_number < @first", transaction);
        var earlierPid = deleteEarlier.With("pid", string.Empty);
        var earlierFirst = deleteEarlier.With("first", 0L);
        using var deleteEarlierTags = connection.Command("DELETE FROM tags WHERE persistence_id = @pid AND sequence_nr < @first", transaction);
        var earlierTagsPid = deleteEarlierTags.With("pid", string.Empty);
        var earlierTagsFirst = deleteEarlierTags.With("first", 0L);

        foreach (var write in writes)
        {
            pid.Value = write.PersistenceId;
            tagPid.Value = write.PersistenceId;
            foreach (var journalEvent in write.Events)
            {
                seq.Value = journalEvent.SequenceNr;
                message.Value = PayloadBytes.AsArray(journalEvent.Payload.Bytes);
                identifier.Value = journalEvent.Payload.SerializerId;
                manifest.Value = journalEvent.Payload.Manifest;
                try
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException e) when (IsUniqueViolation(e))
                {
                    throw new JournalConflictException(write.PersistenceId, write.Events[0].SequenceNr, e);
                }

                if (journalEvent.Tags.Count == 0)
                {
                    continue;
                }

                tagOrdering.Value = (long)(await lastOrdering.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                tagSeq.Value = journalEvent.SequenceNr;
                foreach (var tag in journalEvent.Tags.Distinct(StringComparer.Ordinal))
                {
                    tagName.Value = tag;
                    await insertTag.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (write.SupersedesEarlier)
            {
                earlierPid.Value = earlierTagsPid.Value = write.PersistenceId;
                earlierFirst.Value = earlierTagsFirst.Value = write.Events[0].SequenceNr;
                await deleteEarlierTags.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await deleteEarlier.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private static async Task ExecutePragmaAsync(SqliteConnection connection, string pragma, CancellationToken cancellationToken)
    {
        using var command = connection.Command(pragma);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsUniqueViolation(SqliteException exception) =>
        exception is { SqliteErrorCode: 19 /* SQLITE_CONSTRAINT */ } && exception.SqliteExtendedErrorCode is 2067 /* UNIQUE */ or 1555 /* PRIMARYKEY */;
}
