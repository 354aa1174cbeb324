using Airwave.Node.Hosting;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Airwave.Node.Admin;

/// <summary>
/// The <c>channels</c> region per master as Akka's sharding reports it (<see cref="GetClusterShardingStats"/>): the
/// shards each region hosts and their entities, one per channel; a standalone node owns every shard.
/// </summary>
internal static class ShardRegions
{
    /// <summary>How long each region may take to answer the stats query.</summary>
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(5);

    public static async Task<ShardRegionStatus[]> ReadAsync(NodeRuntime node, CancellationToken cancellationToken)
    {
        if (node.ChannelRegion is not { } region)
        {
            var shards = Enumerable.Range(0, node.NumberOfShards).ToList();
            return [new ShardRegionStatus(ChannelClustering.RegionName, node.Membership.Snapshot.Self, shards.Count, node.Channels.Names.Count, shards)];
        }

        var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        return
        [
            .. stats.Regions
                .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
                .Select(r => new ShardRegionStatus(
                    ChannelClustering.RegionName,
                    r.Key.ToString(),
                    r.Value.Stats.Count,
                    r.Value.Stats.Values.Sum(),
                    [.. r.Value.Stats.Keys.Select(ShardNumber).Order()])),
        ];
    }

    private static int ShardNumber(string shardId) => int.Parse(shardId, System.Globalization.CultureInfo.InvariantCulture);
}
