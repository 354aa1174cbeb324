using Airwave.Channels;
using Airwave.Channels.Relay;
using Airwave.Cluster.Sharding;
using Airwave.Node.Placement;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Coordination;

namespace Airwave.Node.Hosting;

/// <summary>
/// Fits a node's channel directory to its place in the cluster: on masters, channels are entities of the
/// <c>channels</c> shard region and run where Akka places them; on slaves, a region proxy finds their owners for the
/// relays; runtime channels are shared through the cluster database.
/// </summary>
internal static class ChannelClustering
{
    /// <summary>The shard region's type name; its shards' leases are named <c>airwave-shard-channels-N</c>.</summary>
    public const string RegionName = "channels";

    /// <summary>The lease section (<see cref="AkkaConfig"/>) every shard's lease is configured by.</summary>
    public const string LeaseSection = "airwave-lease";

    /// <summary>How often a cluster node picks up channels other nodes added or removed at runtime, and a master asks for an entity for every channel it knows.</summary>
    private static readonly TimeSpan RuntimeRefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a handoff waits for a channel to stop (final dump) before its entity stops anyway; Akka's own handoff limit is 60 s.</summary>
    private static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Leaves a standalone node's directory as it is (every channel local) and returns null; else starts the region or its proxy.</summary>
    public static ChannelSharding? Configure(
        ChannelDirectory channels, NodeSettings settings, IConfiguration configuration, ActorSystem system, TimeProvider clock, int numberOfShards, ILoggerFactory loggers)
    {
        if (settings.Cluster is not { } cluster)
        {
            return null;
        }

        channels.RuntimeRefreshInterval = RuntimeRefreshInterval;
        var sharding = ClusterSharding.Get(system);
        var extractor = new ChannelMessageExtractor(numberOfShards, channels.PlacementKeyOf);
        ChannelSharding result;
        if (cluster.Roles.Contains("master"))
        {
            var placement = new ShardedPlacement();
            var context = new ChannelEntityContext(cluster.Address, id => channels.Names.Contains(id), channels.SettleAsync, HandOffTimeout, loggers.CreateLogger<ChannelEntity>());
            var leases = LeaseProvider.Get(system);
            var leaseOwner = Akka.Cluster.Cluster.Get(system).SelfAddress.HostPort();
            var shardingSettings = ClusterShardingSettings.Create(system);
            var region = sharding.Start(
                RegionName,
                id =>
                {
                    // The very lease the entity's shard acquired before starting it (Akka's LeaseProvider keeps one per name and owner).
                    var lease = leases.GetLease($"{system.Name}-shard-{RegionName}-{extractor.ShardId(id)}", LeaseSection, leaseOwner);
                    return Props.Create(() => new ChannelEntity(id, placement, lease, context));
                },
                shardingSettings,
                extractor,
                sharding.DefaultShardAllocationStrategy(shardingSettings),
                HandOffChannel.Instance);
            placement.Region = region;
            channels.Placement = placement;
            // Remember-entities restarts the channels that ran; this starts those nobody asked for yet (new, added at runtime on another node).
            var ensuring = system.Scheduler.Advanced.ScheduleRepeatedlyCancelable(TimeSpan.Zero, RuntimeRefreshInterval, () =>
            {
                foreach (var name in channels.Names)
                {
                    placement.Request(name);
                }
            });
            result = new ChannelSharding(region, new ChannelOwners(region, cluster.Address), placement, ensuring);
        }
        else
        {
            channels.Placement = RelayOnlyPlacement.Instance;
            var proxy = sharding.StartProxy(RegionName, "master", extractor);
            result = new ChannelSharding(proxy, new ChannelOwners(proxy, cluster.Address), null, null);
        }

        if (cluster.Roles.Contains("slave"))
        {
            var options = RelaySettingsReader.Read(configuration, cluster.Secret, result.Owners.OwnerAsync);
            channels.Relays = new ChannelRelays(system, options, clock, loggers);
        }

        return result;
    }
}
