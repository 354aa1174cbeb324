using Airwave.Channels;
using Airwave.Channels.Relay;
using Airwave.Cluster.Sharding;
using Airwave.Node.Placement;
using Akka.Actor;

namespace Airwave.Node.Hosting;

/// <summary>Fits a node's channel directory to its place in the cluster: leased placement and handoff on masters, relays on slaves, runtime channels shared.</summary>
internal static class ChannelClustering
{
    /// <summary>How often a cluster node picks up channels other nodes added or removed at runtime.</summary>
    private static readonly TimeSpan RuntimeRefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>Leaves a standalone node's directory as it is (every channel local).</summary>
    public static void Configure(
        ChannelDirectory channels, NodeSettings settings, NodeMembership membership, IConfiguration configuration, ActorSystem system, TimeProvider clock, int numberOfShards, ILoggerFactory loggers)
    {
        if (settings.Cluster is not { } cluster || membership.ShardLeases is not { } leases)
        {
            return;
        }

        channels.RuntimeRefreshInterval = RuntimeRefreshInterval;
        if (membership.ShardKeeper is { } keeper)
        {
            channels.Placement = new LeasedPlacement(keeper, numberOfShards);
            keeper.HandOff = channels.SettleAsync;
        }
        else
        {
            channels.Placement = RelayOnlyPlacement.Instance;
        }

        if (cluster.Roles.Contains("slave"))
        {
            var self = membership.ShardKeeper?.Self;
            var options = RelaySettingsReader.Read(configuration, cluster.Secret, async (id, ct) =>
                ShardOwners.OtherLiveOwner(await leases.ReadAsync(ct).ConfigureAwait(false), ShardOwners.ShardOf(id, numberOfShards), self));
            channels.Relays = new ChannelRelays(system, options, clock, loggers);
        }
    }
}
