using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Airwave.Persistence;
using Airwave.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Airwave.Channels.Journaling;

/// <summary>
/// The listener sessions' journal table, where statements of its own beat Akka's protocol: reads sessions' (and
/// writers') latest rows, any number in one statement, and keeps the table small by deleting every checkpoint (and
/// progress row) a newer one of the same session (writer) replaced, then the sessions and progress streams whose latest
/// row was written longer than the expiry ago.
/// </summary>
/// <remarks>
/// <para>
/// Each is one statement over the journal's unique (persistence id, sequence number) index, however many sessions it
/// reads or there are. Akka's <c>DeleteMessagesTo</c> would be a round trip (and a metadata write) per session, and its
/// replay of one session reads the highest sequence number, then the rows through two streams it materializes for the
/// purpose: about 2 ms and 300 KB per listener that resumes (docs/benchmarks.md). The table is this journal's alone
/// (<see cref="AkkaPersistenceConfig.SessionJournalTableName"/>), and the latest checkpoint of a live session is never
/// deleted, so Akka's view of each session's highest sequence number stays right.
/// </para>
/// <para>
/// Rows are written by Akka.Persistence.Sql only: a payload is the serializer's bytes (<c>message</c>), with the
/// serializer's id (<c>identifier</c>), which <see cref="SessionJournal"/> checks is Akka's byte-array serializer's.
/// </para>
/// </remarks>
public sealed class SessionJournalTable : IAsyncDisposable
{
    private readonly DbDataSource dataSource;
    private readonly bool sqlite;
    private readonly string supersededSql;
    private readonly string expiredProgressSql;
    private readonly string expiredSql;
    private readonly string latestSql;

    /// <param name="dataSource">The journal's database.</param>
    /// <param name="sqlite">Whether it is SQLite, whose connections get the journal's page cache (<see cref="SqlitePageCache"/>):
    /// the journal's pooled connections are this one's too, and the first statement here reads the whole table.</param>
    /// <param name="qualifiedName">The table's name as statements give it.</param>
    private SessionJournalTable(DbDataSource dataSource, bool sqlite, string qualifiedName)
    {
        this.dataSource = dataSource;
        this.sqlite = sqlite;
        const string name = AkkaPersistenceConfig.SessionJournalTableName;
        supersededSql = $"DELETE FROM {qualifiedName} WHERE EXISTS (SELECT 1 FROM {qualifiedName} newer " +
            $"WHERE newer.persistence_id = {name}.persistence_id AND newer.sequence_number > {name}.sequence_number)";
        // Progress streams expire like sessions, in a statement of their own: only the sessions are counted.
        expiredProgressSql = $"DELETE FROM {qualifiedName} WHERE created < @cutoff AND persistence_id NOT LIKE '{SessionJournal.PersistenceIdPrefix}%'";
        expiredSql = $"DELETE FROM {qualifiedName} WHERE created < @cutoff AND persistence_id LIKE '{SessionJournal.PersistenceIdPrefix}%'";
        // Each id's row with the highest sequence number, over the journal's (persistence id, sequence number) key:
        // PostgreSQL takes the ids as one array, SQLite as one JSON array, so the statement is the same for any count.
        // SQLite's bare columns beside a lone max() come from the row that has the max.
        latestSql = sqlite
            ? $"SELECT persistence_id, MAX(sequence_number), identifier, message FROM {qualifiedName} " +
                "WHERE persistence_id IN (SELECT value FROM json_each(@ids)) AND deleted = @deleted GROUP BY persistence_id"
            : $"SELECT DISTINCT ON (persistence_id) persistence_id, sequence_number, identifier, message FROM {qualifiedName} " +
                "WHERE persistence_id = ANY(@ids) AND deleted = @deleted ORDER BY persistence_id, sequence_number DESC";
    }

    /// <summary>The table of the journal <see cref="AkkaPersistenceConfig.Build"/> configures for <paramref name="options"/>.</summary>
    public static SessionJournalTable For(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = AkkaPersistenceConfig.SessionJournalConnectionString(options);
        return options.Provider == PersistenceProvider.Sqlite
            ? new SessionJournalTable(SqliteFactory.Instance.CreateDataSource(connectionString), sqlite: true, AkkaPersistenceConfig.SessionJournalTableName)
            : new SessionJournalTable(NpgsqlDataSource.Create(connectionString), sqlite: false, $"\"{options.Schema}\".{AkkaPersistenceConfig.SessionJournalTableName}");
    }

    /// <summary>The latest row not marked deleted of each of <paramref name="persistenceIds"/> that has one, by persistence id, in one statement.</summary>
    public async Task<IReadOnlyDictionary<string, SessionJournalRow>> ReadLatestAsync(IReadOnlyList<string> persistenceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persistenceIds);
        var rows = new Dictionary<string, SessionJournalRow>(persistenceIds.Count, StringComparer.Ordinal);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var latest = connection.Command(latestSql);
        latest.With("ids", sqlite ? JsonArray(persistenceIds) : persistenceIds.ToArray());
        latest.With("deleted", false);
        try
        {
            await using var reader = await latest.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows[reader.GetString(0)] = new SessionJournalRow(reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), (byte[])reader.GetValue(3));
            }
        }
        catch (DbException e) when (IsMissingTable(e))
        {
            // Akka.Persistence.Sql creates the table once its journal has started (auto-initialize), and a node just
            // started can be asked to resume before that: no table, no rows.
        }

        return rows;
    }

    /// <summary>Deletes superseded rows, then the progress streams and sessions whose latest row was written longer than <paramref name="unwrittenFor"/> ago; returns how many sessions expired.</summary>
    /// <remarks>The journal stamps each row with the time it wrote it (<c>created</c>, UTC ticks), which is what this compares.</remarks>
    public async Task<int> DeleteAsync(TimeSpan unwrittenFor, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var superseded = connection.Command(supersededSql))
        {
            await superseded.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var cutoff = DateTime.UtcNow.Ticks - unwrittenFor.Ticks;
        await ExpireAsync(connection, expiredProgressSql, cutoff, cancellationToken).ConfigureAwait(false);
        return await ExpireAsync(connection, expiredSql, cutoff, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ExpireAsync(DbConnection connection, string sql, long cutoffTicks, CancellationToken cancellationToken)
    {
        await using var expired = connection.Command(sql);
        expired.With("cutoff", cutoffTicks);
        return await expired.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string JsonArray(IReadOnlyList<string> values)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(json.WrittenSpan);
    }

    private static bool IsMissingTable(DbException e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable }
            || (e is SqliteException { SqliteErrorCode: 1 } && e.Message.Contains("no such table", StringComparison.Ordinal));

    /// <summary>A connection of the journal's database; on SQLite with the journal's page cache (see the constructor).</summary>
    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (sqlite)
        {
            try
            {
                await SqlitePageCache.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return connection;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
