namespace Airwave.Cluster.Sharding;

/// <summary>
/// The shards this node holds and its local deadline on the monotonic clock: past the deadline nothing is owned, whatever the
/// keeper last recorded, so a node frozen past its renewals stops being owner the moment it runs again.
/// </summary>
internal sealed class ShardOwnership(TimeProvider clock)
{
    private static readonly IReadOnlyDictionary<int, long> None = new Dictionary<int, long>();
    private volatile Held held = new(None, long.MinValue);

    /// <summary>The shards owned now (shard to epoch): empty once the local deadline passed.</summary>
    public IReadOnlyDictionary<int, long> Owned => held is var h && clock.GetTimestamp() < h.Deadline ? h.Shards : None;

    /// <summary>The shards last recorded as held, whether or not the deadline passed.</summary>
    public IReadOnlyDictionary<int, long> Recorded => held.Shards;

    /// <summary>The local deadline, a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public long Deadline => held.Deadline;

    public void Set(IReadOnlyDictionary<int, long> shards, long deadline) => held = new Held(shards, deadline);

    public void Clear() => held = new Held(None, long.MinValue);

    private sealed record Held(IReadOnlyDictionary<int, long> Shards, long Deadline);
}
