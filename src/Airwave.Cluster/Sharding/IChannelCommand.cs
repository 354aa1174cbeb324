namespace Airwave.Cluster.Sharding;

/// <summary>A message for the channel entity named <see cref="ChannelId"/>, routed by the <c>channels</c> shard region.</summary>
public interface IChannelCommand
{
    string ChannelId { get; }
}
