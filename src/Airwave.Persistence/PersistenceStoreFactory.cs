using Airwave.Persistence.PostgreSql;
using Airwave.Persistence.Sqlite;

namespace Airwave.Persistence;

/// <summary>Opens the node's tables on the configured backend, creating or migrating its schema first.</summary>
public static class PersistenceStoreFactory
{
    /// <summary>Opens the stores described by <paramref name="options"/>; safe to call from several processes at once.</summary>
    public static async Task<PersistenceStores> OpenAsync(PersistenceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ISqlDatabase database = options.Provider switch
        {
            PersistenceProvider.Sqlite => await SqliteDatabase.OpenAsync(options, cancellationToken).ConfigureAwait(false),
            PersistenceProvider.PostgreSql => await PostgreSqlDatabase.OpenAsync(options, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown persistence provider."),
        };
        return new PersistenceStores(database);
    }
}
