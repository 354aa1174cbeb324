using System.Data.Common;

namespace Airwave.Persistence;

/// <summary>What the shared SQL journal and snapshot store need from a backend: read connections, serialized write transactions and its error codes.</summary>
internal interface ISqlDatabase : IAsyncDisposable
{
    SqlTables Tables { get; }

    /// <summary>The schema version the database was migrated to when it was opened.</summary>
    int SchemaVersion { get; }

    ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a transaction and returns only after the commit.</summary>
    Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken);

    /// <summary>Appends a batch of events of one persistence id inside the write transaction.</summary>
    Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        string persistenceId,
        IReadOnlyList<EventToWrite> events,
        string writerUuid,
        CancellationToken cancellationToken);

    bool IsUniqueViolation(Exception exception);
}
