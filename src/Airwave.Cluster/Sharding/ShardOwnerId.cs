namespace Airwave.Cluster.Sharding;

/// <summary>Who may hold a shard lease: a member's address and incarnation, so a restarted node never inherits its predecessor's leases.</summary>
public sealed record ShardOwnerId(string Address, Guid Incarnation);
