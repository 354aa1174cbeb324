namespace Airwave.Actors.Sharding;

/// <summary>A shard region whose shards all live in this process, at <c>/user/&lt;type&gt;/&lt;shard&gt;/&lt;entity&gt;</c>.</summary>
/// <typeparam name="TMessage">The entity message type.</typeparam>
public sealed class LocalShardRegion<TMessage> : IShardRegion<TMessage>
{
    private readonly IActorRef<ShardCommand<TMessage>> _region;
    private readonly IMessageExtractor<TMessage> _extractor;

    /// <summary>Starts the region actor <c>/user/<paramref name="typeName"/></c>.</summary>
    public LocalShardRegion(
        ActorSystem system,
        string typeName,
        Func<string, Props<TMessage>> entityProps,
        IMessageExtractor<TMessage> extractor,
        ShardRegionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(entityProps);
        ArgumentNullException.ThrowIfNull(extractor);
        TypeName = typeName;
        _extractor = extractor;
        var regionSettings = settings ?? new ShardRegionSettings();
        _region = system.Spawn(Props.Create(() => new ShardRegionActor<TMessage>(extractor, entityProps, regionSettings)), typeName);
    }

    /// <inheritdoc/>
    public string TypeName { get; }

    /// <summary>The region actor, e.g. to watch or stop it.</summary>
    public IActorRef Actor => _region;

    /// <inheritdoc/>
    public void Tell(TMessage message) => _region.Tell(new DeliverToEntity<TMessage>(_extractor.EntityId(message), message));

    /// <inheritdoc/>
    public Task<ShardRegionStats> GetStatsAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _region.Ask<ShardRegionStats>(replyTo => new GetRegionStats<TMessage>(replyTo), timeout, cancellationToken);
}
