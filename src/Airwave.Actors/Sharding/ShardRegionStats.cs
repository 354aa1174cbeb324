namespace Airwave.Actors.Sharding;

/// <summary>The live entity count of every shard in a region, for <c>cluster-sharding region-stats</c>.</summary>
/// <param name="EntitiesPerShard">Shard id to live entities.</param>
public sealed record ShardRegionStats(IReadOnlyDictionary<string, int> EntitiesPerShard)
{
    /// <summary>Live entities over all shards.</summary>
    public int TotalEntities => EntitiesPerShard.Values.Sum();
}
