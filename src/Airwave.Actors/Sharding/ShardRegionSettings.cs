namespace Airwave.Actors.Sharding;

/// <summary>How a shard region treats its entities.</summary>
public sealed record ShardRegionSettings
{
    /// <summary>Entities without messages for this long are stopped; null keeps them forever.</summary>
    public TimeSpan? PassivateIdleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often shards look for idle entities; defaults to a quarter of <see cref="PassivateIdleAfter"/>.</summary>
    public TimeSpan? PassivationCheckInterval { get; init; }
}
