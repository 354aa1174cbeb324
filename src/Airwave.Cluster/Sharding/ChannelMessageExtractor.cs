using Akka.Cluster.Sharding;

namespace Airwave.Cluster.Sharding;

/// <summary>
/// Routes <see cref="IChannelCommand"/>s to the channel's entity, in the shard <see cref="ShardOwners.ShardOf"/> names
/// (remembered entities restart through <see cref="ShardId(string, object?)"/>, which Akka calls with the entity id).
/// </summary>
public sealed class ChannelMessageExtractor(int numberOfShards) : IMessageExtractor
{
    public string? EntityId(object message) => (message as IChannelCommand)?.ChannelId;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardId(id) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        ShardOwners.ShardOf(entityId, numberOfShards).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
