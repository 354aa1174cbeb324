using Airwave.Cluster;
using Airwave.Node.Hosting;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Prometheus;

namespace Airwave.Node.Metrics;

/// <summary>
/// The cluster as this node sees it (members by status and role) and the shards and channel entities this node's
/// <c>channels</c> region hosts; a standalone node is a one-member cluster hosting every shard.
/// </summary>
/// <remarks>
/// Each node reports only its own region (<see cref="GetShardRegionState"/>, answered locally), not the cluster-wide
/// stats the CLI's <c>region-stats</c> gathers from every region: Prometheus scrapes every node anyway, and a sum over
/// nodes then counts each shard once.
/// </remarks>
internal sealed class ClusterMetrics
{
    private const string RegionName = ChannelClustering.RegionName;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);
    private static readonly string[] Roles = ["master", "slave"];
    private static readonly string[] ByStatusAndRole = ["status", "role"];
    private static readonly string[] ByRegion = ["region"];
    private static readonly string[] Statuses = [.. Enum.GetNames<MemberStatus>().Select(s => s.ToLowerInvariant())];
    private readonly NodeRuntime node;
    private readonly bool hostsShards;
    private readonly Gauge members;
    private readonly Gauge unreachable;
    private readonly Gauge shards;
    private readonly Gauge entities;

    public ClusterMetrics(IMetricFactory metrics, NodeRuntime node)
    {
        this.node = node;
        // A slave holds only a proxy of the region, which hosts nothing.
        hostsShards = node.Settings.Cluster?.Roles.Contains("master", StringComparer.Ordinal) ?? true;
        members = metrics.CreateGauge("airwave_cluster_members", "Cluster members this node sees, by Akka.Cluster status and role (a member with both roles counts under each).", ByStatusAndRole);
        unreachable = metrics.CreateGauge("airwave_cluster_unreachable_members", "Members this node's failure detector marks unreachable.");
        shards = metrics.CreateGauge("airwave_shards", "Shards this node's shard region hosts.", ByRegion);
        entities = metrics.CreateGauge("airwave_shard_entities", "Entities (channels) running in the shards this node hosts.", ByRegion);
    }

    /// <summary>Brings every series up to date; runs before each scrape.</summary>
    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var snapshot = node.Membership.Snapshot;
        foreach (var role in Roles)
        {
            foreach (var status in Statuses)
            {
                members.WithLabels(status, role).Set(snapshot.Members.Count(m =>
                    m.Roles.Contains(role, StringComparer.Ordinal) && string.Equals(m.Status.ToString(), status, StringComparison.OrdinalIgnoreCase)));
            }
        }

        unreachable.Set(snapshot.Members.Count(m => !m.Reachable));
        if (await RegionAsync(cancellationToken).ConfigureAwait(false) is var (shardCount, entityCount))
        {
            shards.WithLabels(RegionName).Set(shardCount);
            entities.WithLabels(RegionName).Set(entityCount);
        }
    }

    /// <summary>The shards and entities hosted here, or null when the region did not answer in time.</summary>
    private async Task<(int Shards, int Entities)?> RegionAsync(CancellationToken cancellationToken)
    {
        if (node.ChannelRegion is not { } region)
        {
            return (node.NumberOfShards, node.Channels.All.Count(c => c.Relay is null));
        }

        if (!hostsShards)
        {
            return (0, 0);
        }

        try
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout, cancellationToken).ConfigureAwait(false);
            return (state.Shards.Count, state.Shards.Sum(s => s.EntityIds.Count));
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
