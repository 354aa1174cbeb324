using Airwave.Persistence.Archive;

namespace Airwave.Persistence;

/// <summary>An opened journal, snapshot store and archive index sharing one database; dispose to close its connections.</summary>
public sealed class PersistenceStores : IAsyncDisposable
{
    private readonly ISqlDatabase database;

    internal PersistenceStores(ISqlDatabase database, string writerUuid)
    {
        this.database = database;
        Journal = new SqlJournal(database, writerUuid);
        Snapshots = new SqlSnapshotStore(database);
        ArchiveIndex = new SqlArchiveIndex(database);
    }

    /// <summary>The event journal.</summary>
    public IJournal Journal { get; }

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore Snapshots { get; }

    /// <summary>The index of archived segments.</summary>
    public IArchiveIndex ArchiveIndex { get; }

    /// <summary>The schema version the database was migrated to when it was opened.</summary>
    public int SchemaVersion => database.SchemaVersion;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => database.DisposeAsync();
}
