using Airwave.Persistence.Analytics;
using Airwave.Persistence.Archive;
using Airwave.Persistence.EarlierVersion;
using Airwave.Persistence.Registry;

namespace Airwave.Persistence;

/// <summary>The node's own tables in one database (what Akka.Persistence does not hold); dispose to close its connections.</summary>
public sealed class PersistenceStores : IAsyncDisposable
{
    private readonly ISqlDatabase database;

    internal PersistenceStores(ISqlDatabase database)
    {
        this.database = database;
        ArchiveIndex = new SqlArchiveIndex(database);
        Listens = new SqlListenStore(database);
        EarlierSessions = new SqlEarlierSessionStore(database);
        RuntimeChannels = new SqlRuntimeChannelStore(database);
        EarlierReservations = new SqlEarlierReservationStore(database);
    }

    /// <summary>The index of archived segments.</summary>
    public IArchiveIndex ArchiveIndex { get; }

    /// <summary>The rolled-up listens the analytics report on (sessions themselves are in Akka.Persistence).</summary>
    public IListenStore Listens { get; }

    /// <summary>The listener sessions an earlier version stored, until the node moved them into Akka.Persistence.</summary>
    public IEarlierSessionStore EarlierSessions { get; }

    /// <summary>Channels added through the admin API.</summary>
    public IRuntimeChannelStore RuntimeChannels { get; }

    /// <summary>What an earlier version reserved, for counters to carry over.</summary>
    public IEarlierReservationStore EarlierReservations { get; }

    /// <summary>The schema version the database was migrated to when it was opened.</summary>
    public int SchemaVersion => database.SchemaVersion;

    /// <summary>The schema version the database had before this open migrated it (0 for a new database; equal to <see cref="SchemaVersion"/> when nothing changed).</summary>
    public int MigratedFrom => database.MigratedFrom;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => database.DisposeAsync();
}
