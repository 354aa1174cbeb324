using System.Data.Common;

namespace Airwave.Persistence;

/// <summary>What the stores need from a backend: read connections and serialized write transactions.</summary>
internal interface ISqlDatabase : IAsyncDisposable
{
    SqlTables Tables { get; }

    /// <summary>The schema version the database was migrated to when it was opened.</summary>
    int SchemaVersion { get; }

    /// <summary>The schema version the database had before it was opened (0 for a new one).</summary>
    int MigratedFrom { get; }

    ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a transaction and returns only after the commit.</summary>
    Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken);
}
