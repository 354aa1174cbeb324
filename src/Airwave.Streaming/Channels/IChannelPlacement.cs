namespace Airwave.Streaming.Channels;

/// <summary>Decides which channels run on this node: all of them when standalone, those of its shards in a cluster.</summary>
public interface IChannelPlacement
{
    /// <summary>Raised (on any thread, never to be blocked) when the set of local channels may have changed.</summary>
    event EventHandler? Changed;

    /// <summary>True when the channel <paramref name="channelId"/> runs on this node now.</summary>
    bool IsLocal(string channelId);

    /// <summary>
    /// True while <paramref name="channelId"/>'s lease is still this node's, so no other node can own the channel: as
    /// <see cref="IsLocal"/>, except that a node that stopped appending because it is leaving still holds it until handoff.
    /// </summary>
    bool HoldsLease(string channelId) => IsLocal(channelId);

    /// <summary>The fencing epoch under which <paramref name="channelId"/> runs here (its shard lease's), or null when nothing fences it (standalone).</summary>
    long? Epoch(string channelId) => null;

    /// <summary>Asks the cluster to place <paramref name="channelId"/>, a channel just added, on some node now rather than at the next periodic check; nothing to do where placement is static.</summary>
    void Request(string channelId)
    {
    }
}
