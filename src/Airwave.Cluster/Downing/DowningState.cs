using System.Collections.Immutable;
using Akka.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace Airwave.Cluster.Downing;

/// <summary>
/// The split-brain decision, as Akka's <c>lease-majority</c> takes it, with one rule Akka lacks: the leader never downs
/// a member its own failure detector hears. Fed the member and reachability events and, on each tick, what this node's
/// detector hears of the unreachable members; says whom to down and when.
/// </summary>
/// <remarks>
/// Akka's resolver decides on the cluster's reachability records, which travel by gossip. A member resumed from a freeze
/// near the decision is heard again by every member within a heartbeat, but the leader can still hold another member's
/// old "unreachable" record of it for a gossip round; Akka then takes the two for indirectly connected and downs both, a
/// healthy member with the frozen one, and if the old record was the leader's own it downs itself too (docs/cluster.md).
/// Here a change in what the leader hears restarts <c>stable-after</c> like any change in the records, and a member the
/// leader hears is downed only after it stayed unreachable to others for <see cref="PartialPartitionAfter"/>: a link
/// that stays broken between two other members, not a record on its way. Such members go one per decision, the last in
/// address order (Akka keeps the first on equal sides).
/// </remarks>
public sealed class DowningState
{
    private readonly UniqueAddress self;
    private readonly TimeSpan stableAfter;
    private readonly TimeSpan acquireDelayForMinority;
    private readonly string? role;
    private ImmutableSortedDictionary<UniqueAddress, Entry> members = ImmutableSortedDictionary<UniqueAddress, Entry>.Empty;
    private ImmutableHashSet<UniqueAddress> unreachable = [];
    private ImmutableDictionary<UniqueAddress, TimeSpan> heardSince = ImmutableDictionary<UniqueAddress, TimeSpan>.Empty;
    private TimeSpan stableFrom;
    private TimeSpan? unstableFrom;
    private bool leader;

    /// <param name="self">This node.</param>
    /// <param name="stableAfter">How long the view must stay unchanged before a decision (<c>stable-after</c>).</param>
    /// <param name="acquireDelayForMinority">How long the smaller side waits before it tries for the lease.</param>
    /// <param name="role">Only members of this role count for the majority (Akka's <c>lease-majority.role</c>); null for all.</param>
    public DowningState(UniqueAddress self, TimeSpan stableAfter, TimeSpan acquireDelayForMinority, string? role)
    {
        ArgumentNullException.ThrowIfNull(self);
        this.self = self;
        this.stableAfter = stableAfter;
        this.acquireDelayForMinority = acquireDelayForMinority;
        this.role = string.IsNullOrEmpty(role) ? null : role;
    }

    /// <summary>How long the view must stay unchanged before a decision (<c>stable-after</c>).</summary>
    public TimeSpan StableAfter => stableAfter;

    /// <summary>
    /// How long a member the leader hears must stay unreachable to others before it is downed, and how long a view that
    /// keeps changing may put a decision off: two stable periods.
    /// </summary>
    public TimeSpan PartialPartitionAfter => stableAfter * 2;

    /// <summary>The members unreachable to some member, as the gossip has it (never this node).</summary>
    public ImmutableHashSet<UniqueAddress> Unreachable => unreachable;

    /// <summary>True when this node is the leader and a member: the one that decides on its side.</summary>
    public bool IsResponsible => leader && members.TryGetValue(self, out var me) && me.Status is AkkaMemberStatus.Up or AkkaMemberStatus.Leaving;

    /// <summary>A member joined or changed status (Down and Exiting members are never downed again).</summary>
    public void MemberChanged(UniqueAddress node, AkkaMemberStatus status, IEnumerable<string> roles, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(roles);
        members = members.SetItem(node, new Entry(status, role is null || roles.Contains(role)));
        Changed(now);
    }

    /// <summary>A member left the cluster for good.</summary>
    public void MemberRemoved(UniqueAddress node, TimeSpan now)
    {
        members = members.Remove(node);
        unreachable = unreachable.Remove(node);
        heardSince = heardSince.Remove(node);
        Changed(now);
    }

    /// <summary>Some member's failure detector reported <paramref name="node"/> unreachable, or all of them reachable again.</summary>
    public void ReachabilityChanged(UniqueAddress node, bool reachable, TimeSpan now)
    {
        unreachable = reachable ? unreachable.Remove(node) : unreachable.Add(node);
        Changed(now);
    }

    /// <summary>The cluster's leader changed; <paramref name="isSelf"/> when it is this node.</summary>
    public void LeaderChanged(bool isSelf) => leader = isSelf;

    /// <summary>
    /// Called every tick with what this node's own failure detector hears; returns the decision once one is due, else
    /// null. A decision resets the clocks: the next one waits for the next change and a stable period after it.
    /// </summary>
    public DowningDecision? Tick(TimeSpan now, Func<UniqueAddress, bool> hears)
    {
        ArgumentNullException.ThrowIfNull(hears);
        if (unreachable.IsEmpty && heardSince.IsEmpty)
        {
            return null;
        }

        var heard = unreachable.Where(hears).ToImmutableHashSet();
        if (!heard.SetEquals(heardSince.Keys))
        {
            heardSince = heard.ToImmutableDictionary(n => n, n => heardSince.TryGetValue(n, out var since) ? since : now);
            Changed(now);
        }

        var due = now - stableFrom >= stableAfter || (unstableFrom is { } from && now - from >= stableAfter + PartialPartitionAfter);
        if (!IsResponsible || unreachable.IsEmpty || !due)
        {
            return null;
        }

        // Of the members only others cannot reach, one per decision: downing it ends the records it made or was named
        // in, and a link broken between two members costs one of them, not both as in Akka.
        var partial = unreachable.Where(n => IsDownable(n) && heardSince.TryGetValue(n, out var since) && now - since >= PartialPartitionAfter).Order().LastOrDefault();
        var down = unreachable.Where(n => IsDownable(n) && !heardSince.ContainsKey(n)).ToImmutableHashSet();
        down = partial is null ? down : down.Add(partial);
        if (down.IsEmpty)
        {
            return null;
        }

        var keep = members.Keys.Where(n => IsDownable(n) && !down.Contains(n)).ToImmutableHashSet();
        stableFrom = now;
        unstableFrom = now;
        return new DowningDecision(down, keep, IsMajority(keep, down) ? TimeSpan.Zero : acquireDelayForMinority);
    }

    /// <summary>Of <paramref name="down"/>, the members still to down now: a member healed or heard since the decision is spared.</summary>
    public ImmutableHashSet<UniqueAddress> StillToDown(IEnumerable<UniqueAddress> down, Func<UniqueAddress, bool> hears)
    {
        ArgumentNullException.ThrowIfNull(hears);
        return down.Where(n => IsDownable(n) && unreachable.Contains(n) && (!hears(n) || heardSince.ContainsKey(n))).ToImmutableHashSet();
    }

    private void Changed(TimeSpan now)
    {
        stableFrom = now;
        unstableFrom = unreachable.IsEmpty ? null : unstableFrom ?? now;
    }

    private bool IsDownable(UniqueAddress node) =>
        members.TryGetValue(node, out var member) && member.Status is not (AkkaMemberStatus.Down or AkkaMemberStatus.Exiting or AkkaMemberStatus.Removed);

    /// <summary>
    /// Akka's count: members that are Up or Leaving (of the role, if one is set); on equal sides the one with the lowest
    /// address stays.
    /// </summary>
    private bool IsMajority(ImmutableHashSet<UniqueAddress> keep, ImmutableHashSet<UniqueAddress> down)
    {
        var counted = members.Where(m => m.Value.Counted && m.Value.Status is AkkaMemberStatus.Up or AkkaMemberStatus.Leaving).Select(m => m.Key).ToList();
        var kept = counted.Count(keep.Contains);
        var downed = counted.Count(down.Contains);
        return kept > downed || (kept == downed && counted.Count > 0 && keep.Contains(counted[0]));
    }

    private sealed record Entry(AkkaMemberStatus Status, bool Counted);
}
