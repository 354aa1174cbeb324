namespace Airwave.Cluster.Sharding;

/// <summary>Asks the channel's entity where the channel is served; answered with a <see cref="ChannelOwner"/>.</summary>
public sealed record LocateChannel(string ChannelId) : IChannelCommand;
