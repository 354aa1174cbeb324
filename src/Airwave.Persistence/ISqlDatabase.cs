using System.Data.Common;

namespace Airwave.Persistence;

/// <summary>What the shared SQL journal and snapshot store need from a backend: read connections and serialized write transactions.</summary>
internal interface ISqlDatabase : IAsyncDisposable
{
    SqlTables Tables { get; }

    /// <summary>The schema version the database was migrated to when it was opened.</summary>
    int SchemaVersion { get; }

    ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a transaction and returns only after the commit.</summary>
    Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the events of <paramref name="writes"/> (and deletes what superseding writes replace) inside the write
    /// transaction; throws <see cref="JournalConflictException"/> for the first write whose sequence number is taken,
    /// leaving the transaction to be rolled back.
    /// </summary>
    Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<AtomicWrite> writes,
        string writerUuid,
        CancellationToken cancellationToken);
}
