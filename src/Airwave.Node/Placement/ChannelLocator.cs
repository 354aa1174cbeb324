using Airwave.Cluster.Sharding;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Placement;

/// <summary>Finds where a channel is served: here (null), or on another node, for the endpoints to redirect listeners to and forward sources to.</summary>
internal sealed class ChannelLocator(ChannelDirectory channels, ShardLeaseTable? leases, ShardOwnerId? self, int numberOfShards)
{
    /// <summary>Null when <paramref name="mount"/> is served here or names no channel; else its owner's address (none while it has no live owner) and the redirect there, <paramref name="pathAndQuery"/> kept.</summary>
    public async Task<ChannelRedirect?> LocateAsync(string mount, string pathAndQuery, CancellationToken cancellationToken)
    {
        var name = mount.TrimStart('/');
        if (!channels.IsKnown(name) || channels.Placement.IsLocal(name))
        {
            return null;
        }

        var owner = leases is null
            ? null
            : ShardOwners.OtherLiveOwner(await leases.ReadAsync(cancellationToken).ConfigureAwait(false), ShardOwners.ShardOf(name, numberOfShards), self);
        return new ChannelRedirect(owner, pathAndQuery);
    }
}
