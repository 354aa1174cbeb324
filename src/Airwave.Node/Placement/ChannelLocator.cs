using Airwave.Channels;
using Airwave.Cluster.Sharding;

namespace Airwave.Node.Placement;

/// <summary>Finds where a channel is served: here (null), or on another node, for the endpoints to redirect listeners to and forward sources to.</summary>
internal sealed class ChannelLocator(ChannelDirectory channels, ShardLeaseTable? leases, ShardOwnerId? self, int numberOfShards)
{
    /// <summary>Null when <paramref name="mount"/> is served here or names no channel; else its owner's address (none while it has no live owner, or while it is still starting here) and the redirect there, <paramref name="pathAndQuery"/> kept.</summary>
    public async Task<ChannelRedirect?> LocateAsync(string mount, string pathAndQuery, CancellationToken cancellationToken)
    {
        var name = mount.TrimStart('/');
        if (!channels.IsKnown(name))
        {
            return null;
        }

        if (channels.Placement.IsLocal(name))
        {
            // Taken over a moment ago and still restoring its rewind: a 503 with Retry-After, never a 404 for a channel that exists.
            return channels.IsStarting(name) ? new ChannelRedirect(null, pathAndQuery) : null;
        }

        var owner = leases is null
            ? null
            : ShardOwners.OtherLiveOwner(await leases.ReadAsync(cancellationToken).ConfigureAwait(false), ShardOwners.ShardOf(name, numberOfShards), self);
        return new ChannelRedirect(owner, pathAndQuery);
    }
}
