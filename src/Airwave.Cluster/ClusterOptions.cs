using Airwave.Cluster.Sharding;

namespace Airwave.Cluster;

/// <summary>How a node joins the cluster: the membership database, its own identity and the failure detector's timings.</summary>
public sealed record ClusterOptions
{
    /// <summary>Npgsql connection string of the cluster database.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Schema holding <c>cluster_member</c> and <c>cluster_event</c>.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>host:port other nodes use to reach this node's HTTP port; the member's address.</summary>
    public required string Address { get; init; }

    /// <summary>host:port of this node's admin API.</summary>
    public string AdminAddress { get; init; } = "";

    public IReadOnlyList<string> Roles { get; init; } = ["master", "slave"];

    /// <summary>Shared secret of node-to-node requests (the internal chunk feed); the same on every node.</summary>
    public string Secret { get; init; } = "";

    public string AppVersion { get; init; } = "0.0.0";

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A member without a heartbeat for this long is unreachable.</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The leader downs members unreachable for this long; zero never does.</summary>
    public TimeSpan DownAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How masters keep their shard leases.</summary>
    public ShardLeaseOptions Sharding { get; init; } = new();
}
