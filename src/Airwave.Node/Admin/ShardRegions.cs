using Airwave.Cluster;
using Airwave.Cluster.Sharding;
using Airwave.Node.Hosting;

namespace Airwave.Node.Admin;

/// <summary>
/// The <c>channels</c> region per master: the shards it owns (this node's own view for itself, the live leases for the others) and
/// the channels hashing to them; a standalone node owns every shard.
/// </summary>
internal static class ShardRegions
{
    private const string Region = "channels";

    public static async Task<ShardRegionStatus[]> ReadAsync(NodeRuntime node, CancellationToken cancellationToken)
    {
        var snapshot = node.Membership.Snapshot;
        if (node.ShardLeases is not { } table)
        {
            return [Status(node, snapshot.Self, Enumerable.Range(0, node.NumberOfShards))];
        }

        var leases = await table.ReadAsync(cancellationToken).ConfigureAwait(false);
        return
        [
            .. snapshot.Members
                .Where(m => m.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.Leaving && m.Roles.Contains("master"))
                .Select(m => (m.Address, Owner: new ShardOwnerId(m.HttpAddress, m.Incarnation)))
                .Select(m => Status(node, m.Address, m.Owner == node.ShardKeeper?.Self
                    ? node.ShardKeeper.OwnedShards.Keys
                    : leases.Where(l => l.Live && l.Owner == m.Owner).Select(l => l.ShardId))),
        ];
    }

    private static ShardRegionStatus Status(NodeRuntime node, string address, IEnumerable<int> shards)
    {
        var owned = shards.Where(s => s < node.NumberOfShards).Order().ToList();
        var set = owned.ToHashSet();
        var entities = node.Channels.Names.Count(name => set.Contains(ShardOwners.ShardOf(name, node.NumberOfShards)));
        return new ShardRegionStatus(Region, address, owned.Count, entities, owned);
    }
}
