namespace Airwave.Cluster.Sharding;

/// <summary>A rebalance step: <c>From</c> releases the shard so that <c>To</c> can acquire it.</summary>
public sealed record ShardMove(int ShardId, ShardOwnerId From, ShardOwnerId To);
