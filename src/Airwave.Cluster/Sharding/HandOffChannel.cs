namespace Airwave.Cluster.Sharding;

/// <summary>Stops a channel entity: its channel stops here (final rewind dump, counters persisted) before the entity does, so the next owner starts it from there.</summary>
public sealed class HandOffChannel
{
    public static HandOffChannel Instance { get; } = new();

    private HandOffChannel()
    {
    }
}
