namespace Airwave.Actors.Sharding;

/// <summary>Tells a shard region which entity a message is for and which shard owns that entity.</summary>
/// <typeparam name="TMessage">The entity message type.</typeparam>
public interface IMessageExtractor<in TMessage>
{
    /// <summary>The id of the entity the message is addressed to.</summary>
    string EntityId(TMessage message);

    /// <summary>The shard that owns the entity; must be the same on every node and in every process.</summary>
    string ShardId(string entityId);
}
