namespace Airwave.Cluster.Sharding;

/// <summary>One row of <c>cluster_shard_lease</c>: the shard's last owner, its fencing epoch and whether the lease is live by the database clock.</summary>
public sealed record ShardLease(int ShardId, ShardOwnerId Owner, long Epoch, bool Live);
