using System.Data.Common;
using Airwave.Persistence.Sqlite;
using LinqToDB.Interceptors;

namespace Airwave.Channels.Journaling;

/// <summary>
/// Gives each SQLite connection linq2db opens for a journal the small page cache of <see cref="SqlitePageCache"/>, on
/// every open: Microsoft.Data.Sqlite hands out pooled connections, and linq2db cannot tell which are new.
/// </summary>
internal sealed class SqlitePageCacheLimit : IConnectionInterceptor
{
    public void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => SqlitePageCache.Apply(connection);

    public Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) =>
        SqlitePageCache.ApplyAsync(connection, cancellationToken);

    public void ConnectionOpening(ConnectionEventData eventData, DbConnection connection)
    {
    }

    public Task ConnectionOpeningAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;
}
