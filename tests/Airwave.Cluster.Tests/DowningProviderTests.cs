using Airwave.Cluster.Leases;
using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Airwave.Cluster.Tests;

/// <summary>
/// The cluster's downing provider on three in-process members, with links cut by Akka's throttling transport: a member
/// cut off from the others, the leader or not, goes and the lease is given back after, a broken link between two members
/// the leader hears downs nobody within two stable periods, and one that stays broken costs one of the two after them.
/// </summary>
public sealed class DowningProviderTests : IAsyncLifetime
{
    /// <summary>Akka's test transport adapter, which can drop everything between two members.</summary>
    private const string Throttled = "akka.remote.dot-netty.tcp.applied-adapters = [trttl]\n";

    private readonly ClusterNodes cluster = new();

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_member_cut_off_from_the_others_is_downed_by_them_downs_itself_and_the_lease_is_given_back_once_it_is_gone(bool theLeader)
    {
        // Cut off the leader, and the decision is the new leader's, which was not deciding while the old one was heard.
        var (leader, others) = await FormAsync(Throttled + "akka.cluster.split-brain-resolver.lease-majority.release-after = 2s\n");
        var (cut, kept) = theLeader ? (leader, others) : (others[1], new[] { leader, others[0] });

        await CutAsync(cut, kept);

        await cut.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<CoordinatedShutdown.ClusterDowningReason>(CoordinatedShutdown.Get(cut.System).ShutdownReason);
        await ClusterNodes.EventuallyAsync(() => kept.All(n => n.Sees(cut.Address) is null), "the cut member removed");
        Assert.All(kept, n => Assert.Equal(MemberStatus.Up, kept[0].Sees(n.Address)?.Status));
        var leases = LeaseTable.Of(TestPostgres.ConnectionString, cluster.Schema);
        await ClusterNodes.EventuallyAsync(() => leases.HolderAsync("airwave-akka-sbr", CancellationToken.None).Result is null, "the resolver's lease given back");
    }

    [Fact]
    public async Task A_broken_link_between_two_members_the_leader_hears_downs_nobody_when_it_heals_within_two_stable_periods()
    {
        // Akka's resolver downs both members of such a link one stable period (6 s here) after it broke, on its next
        // one-second tick; this one waits two, and the link is mended after 8 s, leaving the heal 4 s to reach the leader.
        var (leader, others) = await FormAsync(Throttled + "akka.cluster.split-brain-resolver.stable-after = 6s\n");
        var (b, c) = (others[0], others[1]);

        await CutAsync(b, c);
        await ClusterNodes.EventuallyAsync(() => UnreachableTo(leader) == 2, "the leader to hold both members' reports of each other");
        await Task.Delay(TimeSpan.FromSeconds(8));
        await MendAsync(b, c);

        await ClusterNodes.EventuallyAsync(() => UnreachableTo(leader) == 0, "the link healed in the leader's view");
        Assert.All([leader, b, c], n => Assert.False(n.System.WhenTerminated.IsCompleted, $"{n.Address} was downed"));
        Assert.All([b, c], n => Assert.Equal(MemberStatus.Up, leader.Sees(n.Address)?.Status));
    }

    [Fact]
    public async Task A_link_that_stays_broken_between_two_members_the_leader_hears_costs_one_of_them_after_two_stable_periods()
    {
        var (leader, others) = await FormAsync(Throttled);
        var (b, c) = (others[0], others[1]);

        await CutAsync(b, c);

        var downed = await Task.WhenAny(b.System.WhenTerminated, c.System.WhenTerminated).WaitAsync(TimeSpan.FromSeconds(30));
        var kept = downed == b.System.WhenTerminated ? c : b;
        await ClusterNodes.EventuallyAsync(
            () => leader.Membership.Snapshot.Members.Count(m => m.Status == MemberStatus.Up && m.Reachable) == 2 && UnreachableTo(leader) == 0,
            "the leader and one of the two, reachable");
        Assert.Equal(MemberStatus.Up, leader.Sees(kept.Address)?.Status);
        Assert.False(kept.System.WhenTerminated.IsCompleted);
        Assert.False(leader.System.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task Without_an_answer_from_the_lease_s_database_nobody_is_downed_and_the_cluster_waits()
    {
        // Akka's resolver takes an unanswered lease for a lost one and downs its own side: here every member would go.
        var (leader, others) = await FormAsync(Throttled + "airwave-lease.connection-string = \"Host=127.0.0.1;Port=1;Username=airwave;Database=none;Timeout=1\"\n");
        var (kept, cut) = (others[0], others[1]);

        await CutAsync(cut, leader, kept);
        await ClusterNodes.EventuallyAsync(() => UnreachableTo(leader) == 1 && UnreachableTo(kept) == 1, "the cut member unreachable");
        await Task.Delay(TimeSpan.FromSeconds(10)); // stable-after is 2 s here: time for four decisions

        Assert.All([leader, kept, cut], n => Assert.False(n.System.WhenTerminated.IsCompleted, $"{n.Address} was downed"));
        Assert.Equal(MemberStatus.Up, leader.Sees(cut.Address)?.Status);
    }

    /// <summary>Three Up members; the leader and the two others.</summary>
    private async Task<(TestNode Leader, TestNode[] Others)> FormAsync(string akka)
    {
        var nodes = await Task.WhenAll(cluster.StartAsync("a:8000", akka: akka), cluster.StartAsync("b:8000", akka: akka), cluster.StartAsync("c:8000", akka: akka));
        await ClusterNodes.EventuallyAsync(
            () => nodes.All(n => n.Membership.Snapshot.Members.Count(m => m.Status == MemberStatus.Up && m.Reachable) == 3),
            "three Up members seen by every node");
        var leader = AkkaCluster.Get(nodes[0].System).State.Leader;
        return (nodes.Single(n => AkkaCluster.Get(n.System).SelfAddress.Equals(leader)), nodes.Where(n => !AkkaCluster.Get(n.System).SelfAddress.Equals(leader)).ToArray());
    }

    private static int UnreachableTo(TestNode node) => AkkaCluster.Get(node.System).State.Unreachable.Count;

    /// <summary>Drops everything between <paramref name="from"/> and each of <paramref name="to"/>, both ways.</summary>
    private static async Task CutAsync(TestNode from, params TestNode[] to)
    {
        foreach (var other in to)
        {
            await ThrottleAsync(from, other, Blackhole.Instance);
        }
    }

    private static Task MendAsync(TestNode from, TestNode to) => ThrottleAsync(from, to, Unthrottled.Instance);

    private static async Task ThrottleAsync(TestNode from, TestNode to, ThrottleMode mode)
    {
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)from.System).Provider).Transport;
        Assert.True(await transport.ManagementCommand(new SetThrottle(AkkaCluster.Get(to.System).SelfAddress, ThrottleTransportAdapter.Direction.Both, mode)));
    }
}
