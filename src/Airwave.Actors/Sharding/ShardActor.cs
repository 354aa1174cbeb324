namespace Airwave.Actors.Sharding;

/// <summary>Owns the entities of one shard: starts them on their first message, passivates idle ones and buffers messages meanwhile.</summary>
internal sealed class ShardActor<TMessage>(
    string shardId,
    IActorRef<ShardCommand<TMessage>> region,
    Func<string, Props<TMessage>> entityProps,
    ShardRegionSettings settings) : Actor<ShardCommand<TMessage>>
{
    private const string PassivationTimer = "passivate-idle";
    private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _entityIds = new(ReferenceEqualityComparer.Instance);

    protected internal override ValueTask PreStartAsync()
    {
        if (settings.PassivateIdleAfter is { } idle)
        {
            var interval = settings.PassivationCheckInterval ?? TimeSpan.FromTicks(Math.Max(idle.Ticks / 4, TimeSpan.TicksPerMillisecond));
            Context.Timers.StartPeriodicTimer(PassivationTimer, PassivateIdleEntities<TMessage>.Instance, interval);
        }

        return ValueTask.CompletedTask;
    }

    protected internal override ValueTask ReceiveAsync(ShardCommand<TMessage> message)
    {
        switch (message)
        {
            case DeliverToEntity<TMessage> delivery:
                Deliver(delivery.EntityId, delivery.Message);
                break;
            case PassivateIdleEntities<TMessage>:
                PassivateIdle();
                break;
        }

        return ValueTask.CompletedTask;
    }

    protected internal override ValueTask OnSignalAsync(Signal signal)
    {
        if (signal is Terminated terminated && _entityIds.Remove(terminated.Ref, out var entityId))
        {
            var stopped = _entities[entityId];
            _entities.Remove(entityId);
            if (stopped.Buffer is { Count: > 0 } buffered)
            {
                var restarted = StartEntity(entityId);
                foreach (var pending in buffered)
                {
                    restarted.Ref.Tell(pending);
                }
            }

            ReportCount();
        }

        return ValueTask.CompletedTask;
    }

    private void Deliver(string entityId, TMessage message)
    {
        if (!_entities.TryGetValue(entityId, out var entity))
        {
            entity = StartEntity(entityId);
            ReportCount();
        }

        if (entity.IsPassivating)
        {
            (entity.Buffer ??= []).Add(message);
            return;
        }

        entity.LastMessageAt = Environment.TickCount64;
        entity.Ref.Tell(message);
    }

    private Entity StartEntity(string entityId)
    {
        var actor = Context.Spawn(entityProps(entityId), Uri.EscapeDataString(entityId));
        Context.Watch(actor);
        var entity = new Entity(actor) { LastMessageAt = Environment.TickCount64 };
        _entities.Add(entityId, entity);
        _entityIds.Add(actor, entityId);
        return entity;
    }

    private void PassivateIdle()
    {
        var idleMs = (long)settings.PassivateIdleAfter!.Value.TotalMilliseconds;
        var now = Environment.TickCount64;
        foreach (var entity in _entities.Values)
        {
            if (!entity.IsPassivating && now - entity.LastMessageAt >= idleMs)
            {
                entity.IsPassivating = true;
                Context.Stop(entity.Ref);
            }
        }
    }

    private void ReportCount() => region.Tell(new ShardEntityCount<TMessage>(shardId, _entities.Count));

    private sealed class Entity(IActorRef<TMessage> actor)
    {
        public IActorRef<TMessage> Ref { get; } = actor;

        public long LastMessageAt { get; set; }

        public bool IsPassivating { get; set; }

        public List<TMessage>? Buffer { get; set; }
    }
}
