using System.Data.Common;
using Airwave.Persistence.Sqlite;
using LinqToDB.Interceptors;

namespace Airwave.Channels.Journaling;

/// <summary>
/// Gives each SQLite connection linq2db opens for a journal the small page cache of <see cref="SqlitePageCache"/>. The
/// pragma is set on every open: Microsoft.Data.Sqlite hands out pooled connections, and linq2db cannot tell which are new.
/// </summary>
internal sealed class SqlitePageCacheLimit : IConnectionInterceptor
{
    public void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public void ConnectionOpening(ConnectionEventData eventData, DbConnection connection)
    {
    }

    public Task ConnectionOpeningAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    private static DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The text is a constant's.
        command.CommandText = SqlitePageCache.Pragma;
#pragma warning restore CA2100
        return command;
    }
}
