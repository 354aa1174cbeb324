using Akka.Cluster.Sharding;

namespace Airwave.Cluster.Sharding;

/// <summary>
/// Routes <see cref="IChannelCommand"/>s to the channel's entity, in the shard <see cref="ShardOwners.ShardOf"/> names
/// (remembered entities restart through <see cref="ShardId(string, object?)"/>, which Akka calls with the entity id).
/// A channel's shard is that of its placement key: for a rendition, its source channel's id, so Akka places both on one
/// master and hands them off together.
/// </summary>
/// <param name="numberOfShards">How many shards channels spread over.</param>
/// <param name="placementKeyOf">The id whose shard a channel id belongs to (its own for all but renditions).</param>
public sealed class ChannelMessageExtractor(int numberOfShards, Func<string, string> placementKeyOf) : IMessageExtractor
{
    public string? EntityId(object message) => (message as IChannelCommand)?.ChannelId;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardId(id) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        ShardOwners.ShardOf(placementKeyOf(entityId), numberOfShards).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
