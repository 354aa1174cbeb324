using Airwave.Cluster.Sharding;

namespace Airwave.Cluster;

/// <summary>How a node joins the cluster: the cluster database, its own addresses, its roles and how it finds the others.</summary>
public sealed record ClusterOptions
{
    /// <summary>The remoting port's default, beside 8000 (listeners) and 9110 (admin).</summary>
    public const int DefaultPort = 8110;

    /// <summary>Npgsql connection string of the cluster database.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Schema holding <c>cluster_node</c> and <c>cluster_lease</c>.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>host:port other nodes use to reach this node's HTTP port (relays, forwarded sources, redirects).</summary>
    public required string Address { get; init; }

    /// <summary>host:port of this node's admin API.</summary>
    public string AdminAddress { get; init; } = "";

    /// <summary>The host other nodes reach this node's remoting at: Akka's public hostname, the host of <see cref="Address"/>.</summary>
    public string PublicHost => Address[..Address.LastIndexOf(':')];

    /// <summary>Akka.Remote's TCP port (<c>airwave.cluster.port</c>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Akka addresses to join (<c>akka.tcp://airwave@host:8110</c>); empty: the nodes find each other through the cluster database.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    public IReadOnlyList<string> Roles { get; init; } = ["master", "slave"];

    /// <summary>Shared secret of node-to-node requests (the internal chunk feed); the same on every node.</summary>
    public string Secret { get; init; } = "";

    public string AppVersion { get; init; } = "0.0.0";

    /// <summary>Where this node's journal is (server, database and schema, no credentials): every node of a cluster must name the same one.</summary>
    public string Journal { get; init; } = "";

    /// <summary>How the <c>channels</c> shard region runs.</summary>
    public ShardingOptions Sharding { get; init; } = new();
}
