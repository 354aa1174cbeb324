using Airwave.Channels;

namespace Airwave.Node.Placement;

/// <summary>Finds where a channel is served: here (null), or on another node, for the endpoints to redirect listeners to and forward sources to.</summary>
internal sealed class ChannelLocator(ChannelDirectory channels, ChannelOwners? owners)
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

        var owner = owners is null ? null : await owners.OwnerAsync(name, cancellationToken).ConfigureAwait(false);
        if (owner is null && channels.Placement.IsLocal(name))
        {
            // Asking started its entity here a moment ago (a mount nobody served yet).
            return channels.IsStarting(name) ? new ChannelRedirect(null, pathAndQuery) : null;
        }

        return new ChannelRedirect(owner, pathAndQuery);
    }
}
