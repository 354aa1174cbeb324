using Airwave.Node.Placement;
using Akka.Actor;

namespace Airwave.Node.Hosting;

/// <summary>A cluster node's part of the <c>channels</c> shard region: the region (a proxy on slaves), owner lookups and, on masters, the placement it drives.</summary>
/// <param name="Region">The region, or its proxy on a slave-only node: for <c>GetClusterShardingStats</c> and owner lookups.</param>
/// <param name="Owners">Finds the master serving a channel.</param>
/// <param name="Placement">This master's placement; null on a slave-only node.</param>
/// <param name="Ensuring">The periodic request for an entity per known channel; null on a slave-only node.</param>
internal sealed record ChannelSharding(IActorRef Region, ChannelOwners Owners, ShardedPlacement? Placement, ICancelable? Ensuring)
{
    /// <summary>Stops owning and requesting channels (graceful leave, first step); the region hands the shards off later in coordinated shutdown.</summary>
    public void Retire()
    {
        Ensuring?.Cancel();
        Placement?.Retire();
    }
}
