namespace Airwave.Streaming.Channels;

/// <summary>The shard lease a channel runs under: its fencing epoch (null standalone) and whether this node still owns it.</summary>
/// <param name="Epoch">The lease's fencing epoch when the channel started here; null outside a cluster.</param>
/// <param name="Owned">True while this node still holds the lease; checked before every append.</param>
public sealed record ChannelLease(long? Epoch, Func<bool> Owned)
{
    /// <summary>A standalone node's channels: no epoch, always owned.</summary>
    public static ChannelLease Standalone { get; } = new(null, static () => true);
}
