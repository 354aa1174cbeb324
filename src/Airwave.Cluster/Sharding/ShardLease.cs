namespace Airwave.Cluster.Sharding;

/// <summary>
/// One row of <c>cluster_shard_lease</c>: the shard's last owner, its fencing epoch, whether the lease is live by the
/// database clock, and whether its owner released it (an expired lease that was not released belongs to an owner that
/// could not renew it: one that died, froze, or could not reach the database).
/// </summary>
public sealed record ShardLease(int ShardId, ShardOwnerId Owner, long Epoch, bool Live, bool Released = false);
