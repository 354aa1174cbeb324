namespace Airwave.Actors.Sharding;

/// <summary>Routes entity messages to shard actors it creates on demand and keeps their entity counts.</summary>
internal sealed class ShardRegionActor<TMessage>(
    IMessageExtractor<TMessage> extractor,
    Func<string, Props<TMessage>> entityProps,
    ShardRegionSettings settings) : Actor<ShardCommand<TMessage>>
{
    private readonly Dictionary<string, IActorRef<ShardCommand<TMessage>>> _shards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _entityCounts = new(StringComparer.Ordinal);

    protected internal override ValueTask ReceiveAsync(ShardCommand<TMessage> message)
    {
        switch (message)
        {
            case DeliverToEntity<TMessage> delivery:
                ShardFor(extractor.ShardId(delivery.EntityId)).Tell(delivery);
                break;
            case ShardEntityCount<TMessage> count:
                _entityCounts[count.ShardId] = count.Count;
                break;
            case GetRegionStats<TMessage> request:
                request.ReplyTo.Tell(new ShardRegionStats(new Dictionary<string, int>(_entityCounts, StringComparer.Ordinal)));
                break;
        }

        return ValueTask.CompletedTask;
    }

    private IActorRef<ShardCommand<TMessage>> ShardFor(string shardId)
    {
        if (!_shards.TryGetValue(shardId, out var shard))
        {
            shard = Context.Spawn(Props.Create(() => new ShardActor<TMessage>(shardId, Context.Self, entityProps, settings)), shardId);
            _shards.Add(shardId, shard);
            _entityCounts[shardId] = 0;
        }

        return shard;
    }
}
