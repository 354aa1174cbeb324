using Airwave.Cluster.Downing;
using Akka.Actor;
using Akka.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace Airwave.Cluster.Tests;

/// <summary>
/// The split-brain decision: Akka's lease-majority cases (a crashed member, a clean partition, equal halves, the
/// minority's delay, members that may not be downed) and the rule Akka lacks, that the leader never downs a member it
/// itself hears, which is the race of a member resumed from a freeze near the decision (docs/cluster.md).
/// </summary>
public sealed class DowningStateTests
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan MinorityDelay = TimeSpan.FromSeconds(2);
    private static readonly UniqueAddress A = Node(1);
    private static readonly UniqueAddress B = Node(2);
    private static readonly UniqueAddress C = Node(3);
    private static readonly UniqueAddress D = Node(4);
    private static readonly UniqueAddress E = Node(5);

    private readonly HashSet<UniqueAddress> heard = [];

    [Fact]
    public void A_crashed_member_is_downed_once_the_view_was_stable_for_stable_after_without_waiting_for_the_lease()
    {
        var state = Leader(A, B, C);
        state.ReachabilityChanged(C, reachable: false, At(10));

        Assert.Null(state.Tick(At(12.9), Hears));
        var decision = state.Tick(At(13), Hears);

        Assert.NotNull(decision);
        Assert.Equal([C], decision.Down);
        Assert.Equal([A, B], decision.Keep.OrderBy(n => n));
        Assert.Equal(TimeSpan.Zero, decision.AcquireDelay);
    }

    [Fact]
    public void Each_change_of_the_unreachable_members_restarts_stable_after()
    {
        var state = Leader(A, B, C, D, E);
        state.ReachabilityChanged(D, reachable: false, At(10));
        state.ReachabilityChanged(E, reachable: false, At(12));

        Assert.Null(state.Tick(At(14.9), Hears));
        Assert.Equal([D, E], state.Tick(At(15), Hears)!.Down.OrderBy(n => n));
    }

    [Fact]
    public void Only_the_leader_decides_and_only_once_it_is_Up()
    {
        var follower = new DowningState(A, StableAfter, MinorityDelay, role: null);
        Join(follower, A, B, C);
        follower.ReachabilityChanged(C, reachable: false, At(10));
        Assert.Null(follower.Tick(At(20), Hears));

        var joining = new DowningState(A, StableAfter, MinorityDelay, role: null);
        joining.MemberChanged(A, AkkaMemberStatus.Joining, [], At(0));
        joining.MemberChanged(B, AkkaMemberStatus.Up, [], At(0));
        joining.LeaderChanged(isSelf: true);
        joining.ReachabilityChanged(B, reachable: false, At(10));
        Assert.Null(joining.Tick(At(20), Hears));
    }

    [Fact]
    public void A_member_the_leader_hears_again_is_not_downed_on_another_member_s_old_record_and_stable_after_restarts()
    {
        // The race: C was frozen, A (the leader) and B reported it; C resumes, A hears it at once, but B's record that C
        // is unreachable is still on its way out of the gossip when stable-after ends. Akka downs C and B here.
        var state = Leader(A, B, C);
        state.ReachabilityChanged(C, reachable: false, At(10));
        Assert.Null(state.Tick(At(12.8), Hears));

        heard.Add(C);
        Assert.Null(state.Tick(At(13), Hears));
        Assert.Null(state.Tick(At(15.9), Hears));

        state.ReachabilityChanged(C, reachable: true, At(16));
        Assert.Null(state.Tick(At(30), Hears));
    }

    [Fact]
    public void A_member_unreachable_only_to_others_is_downed_after_two_stable_periods_and_then_by_the_records()
    {
        // A lasting broken link between B and C that A, the leader, does not share: Akka downs both at once; here C,
        // the member the records name, goes once the records stayed so for two stable periods.
        var state = Leader(A, B, C);
        heard.Add(C);
        state.ReachabilityChanged(C, reachable: false, At(10));
        Assert.Null(state.Tick(At(10), Hears));

        Assert.Null(state.Tick(At(13), Hears));
        Assert.Null(state.Tick(At(15.9), Hears));
        var decision = state.Tick(At(16), Hears);

        Assert.NotNull(decision);
        Assert.Equal([C], decision.Down);
    }

    [Fact]
    public void Of_two_members_that_cannot_reach_each_other_but_the_leader_hears_the_one_with_the_higher_address_goes()
    {
        var state = Leader(A, B, C);
        heard.UnionWith([B, C]);
        state.ReachabilityChanged(B, reachable: false, At(10));
        state.ReachabilityChanged(C, reachable: false, At(10));
        Assert.Null(state.Tick(At(10), Hears));

        var decision = state.Tick(At(16), Hears)!;

        Assert.Equal([C], decision.Down);
        Assert.Equal([A, B], decision.Keep.OrderBy(n => n));
        Assert.Equal(TimeSpan.Zero, decision.AcquireDelay);
    }

    [Fact]
    public void The_smaller_side_of_a_partition_waits_before_trying_for_the_lease_and_would_down_itself_without_it()
    {
        // This node is D: with A, B and C unreachable it leads the smaller side.
        var minority = new DowningState(D, StableAfter, MinorityDelay, role: null);
        Join(minority, A, B, C, D, E);
        minority.LeaderChanged(isSelf: true);
        foreach (var node in new[] { A, B, C })
        {
            minority.ReachabilityChanged(node, reachable: false, At(10));
        }

        var decision = minority.Tick(At(13), Hears)!;

        Assert.Equal(MinorityDelay, decision.AcquireDelay);
        Assert.Equal([A, B, C], decision.Down.OrderBy(n => n));
        Assert.Equal([D, E], decision.Keep.OrderBy(n => n));
    }

    [Fact]
    public void Of_two_equal_halves_the_one_with_the_lowest_address_goes_first()
    {
        var lowest = Leader(A, B, C, D);
        lowest.ReachabilityChanged(C, reachable: false, At(10));
        lowest.ReachabilityChanged(D, reachable: false, At(10));
        Assert.Equal(TimeSpan.Zero, lowest.Tick(At(13), Hears)!.AcquireDelay);

        var other = new DowningState(C, StableAfter, MinorityDelay, role: null);
        Join(other, A, B, C, D);
        other.LeaderChanged(isSelf: true);
        other.ReachabilityChanged(A, reachable: false, At(10));
        other.ReachabilityChanged(B, reachable: false, At(10));
        Assert.Equal(MinorityDelay, other.Tick(At(13), Hears)!.AcquireDelay);
    }

    [Fact]
    public void Only_members_of_the_role_count_for_the_majority()
    {
        var state = new DowningState(A, StableAfter, MinorityDelay, role: "master");
        state.MemberChanged(A, AkkaMemberStatus.Up, ["master"], At(0));
        state.MemberChanged(B, AkkaMemberStatus.Up, ["master"], At(0));
        state.MemberChanged(C, AkkaMemberStatus.Up, ["master"], At(0));
        state.MemberChanged(D, AkkaMemberStatus.Up, ["slave"], At(0));
        state.MemberChanged(E, AkkaMemberStatus.Up, ["slave"], At(0));
        state.LeaderChanged(isSelf: true);
        state.ReachabilityChanged(B, reachable: false, At(10));
        state.ReachabilityChanged(C, reachable: false, At(10));

        var decision = state.Tick(At(13), Hears)!;

        Assert.Equal(MinorityDelay, decision.AcquireDelay);
        Assert.Equal([A, D, E], decision.Keep.OrderBy(n => n));
    }

    [Fact]
    public void Downed_and_exiting_members_are_not_downed_again_and_removed_ones_are_forgotten()
    {
        var state = Leader(A, B, C, D);
        state.MemberChanged(C, AkkaMemberStatus.Down, [], At(5));
        state.MemberChanged(D, AkkaMemberStatus.Exiting, [], At(5));
        state.ReachabilityChanged(C, reachable: false, At(10));
        state.ReachabilityChanged(D, reachable: false, At(10));
        Assert.Null(state.Tick(At(20), Hears));

        state.MemberRemoved(C, At(21));
        state.MemberRemoved(D, At(21));
        Assert.Empty(state.Unreachable);
    }

    [Fact]
    public void A_view_that_keeps_changing_puts_the_decision_off_for_at_most_two_more_stable_periods()
    {
        var state = Leader(A, B, C, D, E);
        state.ReachabilityChanged(E, reachable: false, At(10));
        for (var t = 11.0; t < 19; t += 2)
        {
            // D flaps: reported, then healed, every second.
            state.ReachabilityChanged(D, reachable: false, At(t));
            Assert.Null(state.Tick(At(t), Hears));
            state.ReachabilityChanged(D, reachable: true, At(t + 1));
            Assert.Null(state.Tick(At(t + 1), Hears));
        }

        Assert.Equal([E], state.Tick(At(19), Hears)!.Down);
    }

    [Fact]
    public void After_a_decision_the_next_one_waits_for_a_stable_period_and_spares_members_healed_or_heard_meanwhile()
    {
        var state = Leader(A, B, C, D, E);
        state.ReachabilityChanged(D, reachable: false, At(10));
        state.ReachabilityChanged(E, reachable: false, At(10));
        var decision = state.Tick(At(13), Hears)!;
        Assert.Null(state.Tick(At(14), Hears));

        heard.Add(D);
        Assert.Equal([E], state.StillToDown(decision.Down, Hears));

        state.ReachabilityChanged(E, reachable: true, At(14));
        Assert.Empty(state.StillToDown(decision.Down, Hears));
    }

    private static UniqueAddress Node(int n) => new(new Address("akka.tcp", "airwave", "127.0.0.1", 2550 + n), n);

    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    private static void Join(DowningState state, params UniqueAddress[] nodes)
    {
        foreach (var node in nodes)
        {
            state.MemberChanged(node, AkkaMemberStatus.Up, [], At(0));
        }
    }

    private bool Hears(UniqueAddress node) => heard.Contains(node);

    private static DowningState Leader(params UniqueAddress[] nodes)
    {
        var state = new DowningState(nodes[0], StableAfter, MinorityDelay, role: null);
        Join(state, nodes);
        state.LeaderChanged(isSelf: true);
        return state;
    }
}
