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

    // Every lease renewal is a database round trip: shorter intervals load the cluster database for nothing.
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

        // A bare host means this node's own HTTP port; the host is also Akka's public hostname.
        var address = section["advertise-address"] is { Length: > 0 } advertised ? advertised : Dns.GetHostName();
        address = address.Contains(':', StringComparison.Ordinal) ? address : $"{address}:{httpPort}";
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out _))
        {
            throw section.InvalidValue("advertise-address", $"must be host:port, not \"{address}\"");
        }

        var options = new ClusterOptions
        {
            ConnectionString = PostgreSqlConnectionString.Checked(section, "database", database),
            Schema = section["schema"] is { Length: > 0 } schema ? schema : "public",
            Address = address,
            AdminAddress = $"{address[..colon]}:{adminPort}",
            Roles = [.. roles.Distinct()],
            Secret = secret,
            AppVersion = NodeRuntime.Version,
            Port = section["port"] is not { Length: > 0 } port
                ? ClusterOptions.DefaultPort
                : int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
                    ? number
                    : throw section.InvalidValue("port", $"must be a port number, not \"{port}\""),
            SeedNodes = SeedNodes(section),
            Sharding = new ShardingOptions
            {
                LeaseTtl = section.GetDuration("sharding:lease-ttl", TimeSpan.FromSeconds(10), MinimumShardingInterval),
                RebalanceInterval = section.GetDuration("sharding:rebalance-interval", TimeSpan.FromSeconds(10), MinimumShardingInterval),
                NumberOfShards = NumberOfShards(configuration),
            },
        };
        return options;
    }

    /// <summary><c>airwave.cluster.seed-nodes</c>: Akka addresses (<c>akka.tcp://airwave@host:8110</c>), or none to find the others through the database.</summary>
    private static List<string> SeedNodes(IConfigurationSection section)
    {
        var seeds = section.GetSection("seed-nodes").GetChildren().Select(s => s.Value ?? "").ToList();
        foreach (var seed in seeds)
        {
            if (!Akka.Actor.Address.TryParse(seed, out var parsed) || parsed.System != AkkaConfig.SystemName || parsed.Port is null)
            {
                throw section.InvalidValue("seed-nodes", $"must list Akka addresses such as \"akka.tcp://{AkkaConfig.SystemName}@10.0.0.5:{ClusterOptions.DefaultPort}\", not \"{seed}\"");
            }
        }

        return seeds;
    }

    /// <summary><c>airwave.sharding.number-of-shards</c>, the count channels hash over.</summary>
    public static int NumberOfShards(IConfiguration configuration) =>
        configuration["airwave:sharding:number-of-shards"] is not { Length: > 0 } text
            ? ShardOwners.DefaultNumberOfShards
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0
                ? count
                : throw configuration.InvalidValue("airwave:sharding:number-of-shards", $"must be a positive integer, not \"{text}\"");
}
