namespace Airwave.Cluster.Sharding;

/// <summary>How the <c>channels</c> shard region runs: the shard lease's TTL, how often the coordinator rebalances, how many shards there are.</summary>
public sealed record ShardingOptions
{
    /// <summary>
    /// How long a lease (each shard's and the split-brain resolver's) lasts after its last renewal, by the database
    /// clock; renewed every fifth of it, given up locally a fifth of it before it could expire.
    /// </summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the shard coordinator moves shards to a less-loaded master (Akka's <c>rebalance-interval</c>).</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(10);

    public int NumberOfShards { get; init; } = ShardOwners.DefaultNumberOfShards;
}
