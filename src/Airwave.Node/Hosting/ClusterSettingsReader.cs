using System.Globalization;
using System.Net;
using Airwave.Cluster;
using Airwave.Cluster.Sharding;
using Airwave.Hocon.Values;

namespace Airwave.Node.Hosting;

/// <summary>Reads <c>airwave.cluster</c>: null (standalone) when no database is set, else how this node joins the cluster.</summary>
internal static class ClusterSettingsReader
{
    private static readonly string[] KnownRoles = ["master", "slave"];

    // Every heartbeat and lease renewal is a database round trip: shorter intervals load the cluster database for nothing.
    private static readonly TimeSpan MinimumHeartbeat = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MinimumShardingInterval = TimeSpan.FromSeconds(1);

    public static ClusterOptions? Read(IConfiguration configuration, int httpPort, int adminPort)
    {
        var section = configuration.GetSection("airwave:cluster");
        if (section["database"] is not { Length: > 0 } database)
        {
            return null;
        }

        var roles = section.GetSection("roles").GetChildren().Select(r => r.Value ?? "").ToList();
        if (roles.Count == 0 || roles.Except(KnownRoles).FirstOrDefault() is { } unknown)
        {
            throw section.InvalidValue("roles", $"must list master and/or slave, not [{string.Join(", ", roles)}]");
        }

        if (section["secret"] is not { Length: >= 16 } secret)
        {
            throw section.InvalidValue("secret", "must be set to the same value (at least 16 characters) on every node of a cluster: relays authenticate to the chunk feed with it");
        }

        var address = section["advertise-address"] is { Length: > 0 } advertised ? advertised : $"{Dns.GetHostName()}:{httpPort}";
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out _))
        {
            throw section.InvalidValue("advertise-address", $"must be host:port, not \"{address}\"");
        }

        var options = new ClusterOptions
        {
            ConnectionString = database,
            Schema = section["schema"] is { Length: > 0 } schema ? schema : "public",
            Address = address,
            AdminAddress = $"{address[..colon]}:{adminPort}",
            Roles = [.. roles.Distinct()],
            Secret = secret,
            AppVersion = NodeRuntime.Version,
            HeartbeatInterval = section.GetDuration("heartbeat-interval", TimeSpan.FromSeconds(1), MinimumHeartbeat),
            FailureTimeout = section.GetDuration("failure-detector:timeout", TimeSpan.FromSeconds(5), MinimumHeartbeat),
            DownAfter = section.GetDuration("down-after", TimeSpan.FromSeconds(30), TimeSpan.Zero),
            Sharding = new ShardLeaseOptions
            {
                LeaseTtl = section.GetDuration("sharding:lease-ttl", TimeSpan.FromSeconds(10), MinimumShardingInterval),
                RebalanceInterval = section.GetDuration("sharding:rebalance-interval", TimeSpan.FromSeconds(10), MinimumShardingInterval),
                NumberOfShards = NumberOfShards(configuration),
            },
        };
        if (options.FailureTimeout <= options.HeartbeatInterval)
        {
            throw section.InvalidValue("failure-detector:timeout", $"must be longer than airwave.cluster.heartbeat-interval ({HoconDuration.Format(options.HeartbeatInterval)})");
        }

        return options;
    }

    /// <summary><c>airwave.sharding.number-of-shards</c>, the count channels hash over.</summary>
    public static int NumberOfShards(IConfiguration configuration) =>
        configuration["airwave:sharding:number-of-shards"] is not { Length: > 0 } text
            ? ShardOwners.DefaultNumberOfShards
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0
                ? count
                : throw configuration.InvalidValue("airwave:sharding:number-of-shards", $"must be a positive integer, not \"{text}\"");
}
