using System.Collections.Concurrent;
using Airwave.Cluster.Leases;
using Airwave.Cluster.Sharding;
using Airwave.Streaming.Channels;
using Akka.Actor;
using Akka.Coordination;

namespace Airwave.Node.Placement;

/// <summary>
/// A master's placement: a channel is local while its entity of the <c>channels</c> shard region runs here and its
/// shard's lease still holds (<see cref="Lease.CheckLease"/>, checked before every append, so a node frozen past the
/// lease never appends as owner once it resumes).
/// </summary>
internal sealed class ShardedPlacement : IChannelPlacement
{
    private readonly ConcurrentDictionary<string, Lease?> held = new(StringComparer.Ordinal);

    // Entities handing their channel off: no longer local, but their shard keeps its lease until they stopped.
    private readonly ConcurrentDictionary<string, Lease?> handingOff = new(StringComparer.Ordinal);
    private volatile bool retired;

    /// <summary>Raised (on an entity's thread, never blocking it) when an entity started or stopped here, or the node stopped owning.</summary>
    public event EventHandler? Changed;

    /// <summary>The <c>channels</c> shard region; set once it started, before any channel is requested.</summary>
    public IActorRef Region { get; set; } = ActorRefs.Nobody;

    /// <summary>The channels whose entities run here.</summary>
    public IReadOnlyCollection<string> Held => [.. held.Keys];

    public bool IsLocal(string channelId) => !retired && held.TryGetValue(channelId, out var lease) && (lease?.CheckLease() ?? true);

    public bool HoldsLease(string channelId) =>
        (held.TryGetValue(channelId, out var lease) || handingOff.TryGetValue(channelId, out lease)) && (lease?.CheckLease() ?? true);

    public long? Epoch(string channelId) => held.TryGetValue(channelId, out var lease) && lease is PostgresLease postgres ? postgres.Epoch : null;

    public void Request(string channelId) => Region.Tell(new EnsureChannel(channelId));

    /// <summary>The channel's entity started here, its shard holding <paramref name="lease"/> (null: no lease configured).</summary>
    public void Hold(string channelId, Lease? lease)
    {
        held[channelId] = lease;
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>The channel's entity hands it off (rebalance, leave, passivation): not local any more, while its shard still holds the lease until the entity stopped.</summary>
    public void HandOff(string channelId)
    {
        if (held.TryRemove(channelId, out var lease))
        {
            handingOff[channelId] = lease;
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>The channel's entity stopped here (after a handoff, or with its shard's lease lost).</summary>
    public void Release(string channelId)
    {
        handingOff.TryRemove(channelId, out _);
        if (held.TryRemove(channelId, out _))
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>
    /// Stops owning every channel at once (graceful leave, first step): nothing appends here any more, so relays get
    /// every chunk up to the last one; the region's handoff later lets the next owners start them.
    /// </summary>
    public void Retire()
    {
        retired = true;
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
