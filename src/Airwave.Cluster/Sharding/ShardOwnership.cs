namespace Airwave.Cluster.Sharding;

/// <summary>
/// The shards this node holds and its local deadline on the monotonic clock: past the deadline nothing is owned, whatever the
/// keeper last recorded, so a node frozen past its renewals stops being owner the moment it runs again. Whether the node
/// is leaving lives here too, not in the keeper actor, so a keeper that fails and restarts never takes shards again.
/// </summary>
internal sealed class ShardOwnership(TimeProvider clock)
{
    private static readonly IReadOnlyDictionary<int, long> None = new Dictionary<int, long>();
    private volatile Held held = new(None, long.MinValue);
    private volatile IReadOnlyList<int>? retired;

    /// <summary>The shards owned now (shard to epoch): empty once the local deadline passed.</summary>
    public IReadOnlyDictionary<int, long> Owned => held is var h && clock.GetTimestamp() < h.Deadline ? h.Shards : None;

    /// <summary>The shards last recorded as held, whether or not the deadline passed.</summary>
    public IReadOnlyDictionary<int, long> Recorded => held.Shards;

    /// <summary>The local deadline, a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public long Deadline => held.Deadline;

    /// <summary>The node is leaving (or has released its leases): it owns nothing and takes no shard again.</summary>
    public bool Leaving => retired is not null;

    /// <summary>The shards held when the node started leaving, whose leases it still has to release.</summary>
    public IReadOnlyList<int> Retired => retired ?? [];

    public void Set(IReadOnlyDictionary<int, long> shards, long deadline) => held = new Held(shards, deadline);

    /// <summary>Stops owning for good; returns the shards held until now, or nothing if the node was already leaving.</summary>
    public IReadOnlyList<int> Retire()
    {
        if (retired is not null)
        {
            return [];
        }

        retired = [.. Recorded.Keys.Order()];
        Clear();
        return retired;
    }

    public void Clear() => held = new Held(None, long.MinValue);

    private sealed record Held(IReadOnlyDictionary<int, long> Shards, long Deadline);
}
