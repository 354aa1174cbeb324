using Airwave.Cluster.Sharding;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Placement;

/// <summary>A master's placement: a channel is local while this node owns its shard's lease.</summary>
internal sealed class LeasedPlacement : IChannelPlacement
{
    private readonly ShardLeaseKeeper keeper;
    private readonly int numberOfShards;

    public LeasedPlacement(ShardLeaseKeeper keeper, int numberOfShards)
    {
        this.keeper = keeper;
        this.numberOfShards = numberOfShards;
        keeper.OwnershipChanged += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Raised on the keeper's thread whenever its shards change.</summary>
    public event EventHandler? Changed;

    public bool IsLocal(string channelId) => keeper.Owns(ShardOwners.ShardOf(channelId, numberOfShards));

    public long? Epoch(string channelId) =>
        keeper.OwnedShards.TryGetValue(ShardOwners.ShardOf(channelId, numberOfShards), out var epoch) ? epoch : null;
}
