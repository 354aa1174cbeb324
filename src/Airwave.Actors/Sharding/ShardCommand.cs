namespace Airwave.Actors.Sharding;

/// <summary>The protocol of region and shard actors.</summary>
internal abstract record ShardCommand<TMessage>;

/// <summary>A message for an entity, routed by region and shard.</summary>
internal sealed record DeliverToEntity<TMessage>(string EntityId, TMessage Message) : ShardCommand<TMessage>;

/// <summary>Asks the region for its per-shard entity counts.</summary>
internal sealed record GetRegionStats<TMessage>(IActorRef<ShardRegionStats> ReplyTo) : ShardCommand<TMessage>;

/// <summary>A shard reports its live entity count to its region.</summary>
internal sealed record ShardEntityCount<TMessage>(string ShardId, int Count) : ShardCommand<TMessage>;

/// <summary>A shard's periodic look for idle entities.</summary>
internal sealed record PassivateIdleEntities<TMessage> : ShardCommand<TMessage>
{
    public static PassivateIdleEntities<TMessage> Instance { get; } = new();
}
