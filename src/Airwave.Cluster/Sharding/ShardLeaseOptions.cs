namespace Airwave.Cluster.Sharding;

/// <summary>How shard leases are kept: their TTL, how often masters rebalance and how many shards there are.</summary>
public sealed record ShardLeaseOptions
{
    /// <summary>How long a lease lasts after its last renewal, by the database clock; renewed every third of it.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a master may release shards the allocator moves away from it.</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(10);

    public int NumberOfShards { get; init; } = 100;

    /// <summary>At most this fraction of the shards moves in one rebalance round (at least one shard).</summary>
    public double RebalanceRelativeLimit { get; init; } = 0.1;

    public TimeSpan RenewInterval => LeaseTtl / 3;

    /// <summary>A node stops considering a shard its own this long before its lease could expire in the database.</summary>
    public TimeSpan SafetyMargin => LeaseTtl / 5;
}
