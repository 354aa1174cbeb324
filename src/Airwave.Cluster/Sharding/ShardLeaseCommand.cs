namespace Airwave.Cluster.Sharding;

/// <summary>What the shard lease keeper actor is told: renew and allocate (<see cref="ShardLeaseTick"/>) or hand everything back (<see cref="ReleaseAllShards"/>).</summary>
internal abstract record ShardLeaseCommand;

/// <summary>Renew held leases, give up late ones, acquire the allocator's free shards and, when due, release the shards a rebalance moves away.</summary>
internal sealed record ShardLeaseTick : ShardLeaseCommand
{
    public static ShardLeaseTick Instance { get; } = new();
}

/// <summary>Stop owning every shard at once (nothing is served as owner any more) but keep the leases until <see cref="ReleaseAllShards"/>, so no other master starts the channels before they stopped here.</summary>
internal sealed record StopOwningShards(TaskCompletionSource Done) : ShardLeaseCommand;

/// <summary>Release every held lease and stop keeping any; completes <c>Done</c> when the leases are released.</summary>
internal sealed record ReleaseAllShards(TaskCompletionSource Done) : ShardLeaseCommand;
