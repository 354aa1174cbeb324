using System.Globalization;

namespace Airwave.Actors.Sharding;

/// <summary>The default extractor: entity id from a function, shard id = stable hash of the entity id modulo the shard count.</summary>
/// <typeparam name="TMessage">The entity message type.</typeparam>
public sealed class HashingMessageExtractor<TMessage> : IMessageExtractor<TMessage>
{
    /// <summary>The shard count used unless another is given (Akka's and Airwave's default).</summary>
    public const int DefaultNumberOfShards = 100;

    private readonly Func<TMessage, string> _entityId;

    /// <summary>Creates an extractor spreading entities over <paramref name="numberOfShards"/> shards.</summary>
    public HashingMessageExtractor(Func<TMessage, string> entityId, int numberOfShards = DefaultNumberOfShards)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfShards, 1);
        _entityId = entityId;
        NumberOfShards = numberOfShards;
    }

    /// <summary>How many shards entities are spread over.</summary>
    public int NumberOfShards { get; }

    /// <inheritdoc/>
    public string EntityId(TMessage message) => _entityId(message);

    /// <inheritdoc/>
    public string ShardId(string entityId) =>
        (StableHash.Fnv1a32(entityId) % (uint)NumberOfShards).ToString(CultureInfo.InvariantCulture);
}
