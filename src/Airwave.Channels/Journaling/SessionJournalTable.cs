using System.Data.Common;
using Airwave.Persistence;
using Airwave.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Airwave.Channels.Journaling;

/// <summary>
/// Keeps the listener sessions' journal table small: deletes every checkpoint (and progress row) a newer one of the same
/// session (writer) replaced, then the sessions and progress streams whose latest row was written longer than the expiry ago.
/// </summary>
/// <remarks>
/// Two statements over the journal's unique (persistence id, sequence number) index, however many sessions there are,
/// where Akka's <c>DeleteMessagesTo</c> would be a round trip (and a metadata write) per session. The table is this
/// journal's alone (<see cref="AkkaPersistenceConfig.SessionJournalTableName"/>), and the latest checkpoint of a live
/// session is never deleted, so Akka's view of each session's highest sequence number stays right.
/// </remarks>
public sealed class SessionJournalTable : IAsyncDisposable
{
    private readonly DbDataSource dataSource;
    private readonly bool sqlite;
    private readonly string supersededSql;
    private readonly string expiredProgressSql;
    private readonly string expiredSql;

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

    /// <summary>Deletes superseded rows, then the progress streams and sessions whose latest row was written longer than <paramref name="unwrittenFor"/> ago; returns how many sessions expired.</summary>
    /// <remarks>The journal stamps each row with the time it wrote it (<c>created</c>, UTC ticks), which is what this compares.</remarks>
    public async Task<int> DeleteAsync(TimeSpan unwrittenFor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (sqlite)
        {
            await SqlitePageCache.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        await using (var superseded = connection.CreateCommand())
        {
#pragma warning disable CA2100 // The table name is a constant (and a validated schema); the cutoff is a parameter.
            superseded.CommandText = supersededSql;
#pragma warning restore CA2100
            await superseded.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var cutoff = DateTime.UtcNow.Ticks - unwrittenFor.Ticks;
        await ExpireAsync(connection, expiredProgressSql, cutoff, cancellationToken).ConfigureAwait(false);
        return await ExpireAsync(connection, expiredSql, cutoff, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ExpireAsync(DbConnection connection, string sql, long cutoffTicks, CancellationToken cancellationToken)
    {
        await using var expired = connection.CreateCommand();
#pragma warning disable CA2100 // The table name is a constant (and a validated schema); the cutoff is a parameter.
        expired.CommandText = sql;
#pragma warning restore CA2100
        var cutoff = expired.CreateParameter();
        cutoff.ParameterName = "cutoff";
        cutoff.Value = cutoffTicks;
        expired.Parameters.Add(cutoff);
        return await expired.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
