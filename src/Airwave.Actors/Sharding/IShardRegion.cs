namespace Airwave.Actors.Sharding;

/// <summary>The entry point to sharded entities of one type, wherever their shards live.</summary>
/// <typeparam name="TMessage">The entity message type.</typeparam>
public interface IShardRegion<in TMessage>
{
    /// <summary>The region's name (its entity type).</summary>
    string TypeName { get; }

    /// <summary>Delivers the message to its entity, starting the entity if needed.</summary>
    void Tell(TMessage message);

    /// <summary>The live entities per shard.</summary>
    Task<ShardRegionStats> GetStatsAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
