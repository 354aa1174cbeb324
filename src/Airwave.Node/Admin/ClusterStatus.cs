namespace Airwave.Node.Admin;

/// <summary>Body of <c>POST /api/cluster/leave</c> and <c>/down</c>: the member's address (host:port).</summary>
internal sealed record MemberAddressRequest(string? Address);

/// <summary>Who leads the cluster, for <c>GET /api/cluster/leader</c>; null while no member is Up and reachable.</summary>
internal sealed record LeaderStatus(string? Leader);

/// <summary>One shard region on one node, for <c>GET /api/sharding/regions</c> and <c>/region-stats</c>: the shards it owns and the channels on them.</summary>
internal sealed record ShardRegionStatus(string Region, string Node, int Shards, int Entities, IReadOnlyList<int> ShardIds);

/// <summary>The node's last log lines, for <c>GET /api/log/peek</c>.</summary>
internal sealed record LogPeek(IReadOnlyList<string> Lines);
