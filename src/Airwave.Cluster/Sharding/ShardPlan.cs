namespace Airwave.Cluster.Sharding;

/// <summary>What the allocator decided: free shards and the master that should acquire each, and the moves of this rebalance round.</summary>
public sealed record ShardPlan(IReadOnlyDictionary<int, ShardOwnerId> Allocations, IReadOnlyList<ShardMove> Moves);
