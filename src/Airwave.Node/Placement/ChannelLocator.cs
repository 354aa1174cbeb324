using Airwave.Cluster.Sharding;
using Airwave.Streaming.Channels;

namespace Airwave.Node.Placement;

/// <summary>Finds where a channel is served: here (null), or on another node, for the endpoints to redirect listeners and sources to.</summary>
internal sealed class ChannelLocator(ChannelDirectory channels, ShardLeaseTable? leases, ShardOwnerId? self, int numberOfShards)
{
    /// <summary>Null when <paramref name="mount"/> is served here or names no channel; else the redirect to its owner (<paramref name="pathAndQuery"/> kept) or a 503.</summary>
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
        return new ChannelRedirect(owner is null ? null : $"http://{owner}{pathAndQuery}");
    }
}
