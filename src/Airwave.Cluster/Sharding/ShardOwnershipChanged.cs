namespace Airwave.Cluster.Sharding;

/// <summary>Shards this node started or stopped considering its own, and why.</summary>
public sealed record ShardOwnershipChanged(IReadOnlyList<int> Gained, IReadOnlyList<int> Lost, string Reason);
