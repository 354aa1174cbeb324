namespace Airwave.Cluster.Sharding;

/// <summary>Starts the channel's entity on its shard's master if it is not running; masters send it for every channel they know.</summary>
public sealed record EnsureChannel(string ChannelId) : IChannelCommand;
