namespace Airwave.Persistence;

/// <summary>What the node persists through: the journal, the snapshot store and the manifest registry.</summary>
public sealed record PersistenceServices(IJournal Journal, ISnapshotStore Snapshots, EventSerializer Serializer)
{
    /// <summary>Services over opened <paramref name="stores"/>.</summary>
    public PersistenceServices(PersistenceStores stores, EventSerializer serializer)
        : this(stores?.Journal ?? throw new ArgumentNullException(nameof(stores)), stores.Snapshots, serializer)
    {
    }
}
