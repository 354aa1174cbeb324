namespace Airwave.Streaming.Channels;

/// <summary>The shard lease a channel runs under: its fencing epoch (null standalone) and whether this node still owns it.</summary>
/// <param name="Epoch">The lease's fencing epoch when the channel started here; null outside a cluster.</param>
/// <param name="Owned">True while this node may append as the channel's owner; checked before every append.</param>
/// <param name="Held">
/// True while no other node can own the channel yet: the lease is still this node's, also once the node stopped
/// appending because it is leaving. What the channel hands back at its stop (unused sequence numbers) is handed back
/// only then.
/// </param>
public sealed record ChannelLease(long? Epoch, Func<bool> Owned, Func<bool> Held)
{
    /// <summary>A standalone node's channels: no epoch, always owned.</summary>
    public static ChannelLease Standalone { get; } = new(null, static () => true, static () => true);
}
