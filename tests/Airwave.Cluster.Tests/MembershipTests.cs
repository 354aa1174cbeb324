namespace Airwave.Cluster.Tests;

/// <summary>Membership on the cluster database: joining, failure detection by heartbeats, leaving, downing and the leader's duties.</summary>
public sealed class MembershipTests : IAsyncLifetime
{
    private readonly ClusterNodes cluster = new();

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task A_node_joins_and_becomes_Up()
    {
        var a = await cluster.StartAsync("a:1");

        await ClusterNodes.EventuallyAsync(() => a.Sees("a:1") is { Status: MemberStatus.Up, Reachable: true }, "a Up and reachable");
        var self = a.Sees("a:1")!;
        Assert.Equal(["master", "slave"], self.Roles);
        Assert.Equal("1.2.3", self.AppVersion);
        Assert.Equal("a:1", a.Membership.Snapshot.Leader);
    }

    [Fact]
    public async Task Heartbeats_keep_a_member_reachable_past_the_timeout()
    {
        var a = await cluster.StartAsync("a:1");
        var b = await cluster.StartAsync("b:1");
        await ClusterNodes.EventuallyAsync(() => b.Sees("a:1") is { Status: MemberStatus.Up }, "a Up on b");
        var joined = b.Sees("a:1")!.JoinedUtc;

        await ClusterNodes.EventuallyAsync(() => a.Membership.Snapshot.Members.Count > 0 && DateTime.UtcNow - joined > TimeSpan.FromSeconds(3), "3 s after joining");

        Assert.True(b.Sees("a:1")!.Reachable);
        Assert.Empty(a.Exits);
    }

    [Fact]
    public async Task A_member_whose_heartbeat_stops_becomes_unreachable()
    {
        var a = await cluster.StartAsync("a:1");
        var b = await cluster.StartAsync("b:1");
        await ClusterNodes.EventuallyAsync(() => a.Sees("b:1") is { Status: MemberStatus.Up, Reachable: true }, "b Up on a");

        await b.StopAsync();

        await ClusterNodes.EventuallyAsync(() => a.Sees("b:1") is { Status: MemberStatus.Up, Reachable: false }, "b unreachable on a");
    }

    [Fact]
    public async Task A_leaving_member_is_moved_to_Exiting_then_Removed_by_the_leader_with_events_in_order()
    {
        var a = await cluster.StartAsync("a:1");
        var b = await cluster.StartAsync("b:1");
        await ClusterNodes.EventuallyAsync(() => a.Sees("b:1") is { Status: MemberStatus.Up }, "b Up on a");
        var start = await a.Membership.EventsAfterAsync(null, TimeSpan.Zero, CancellationToken.None);

        var left = await a.Membership.LeaveAsync("b:1", CancellationToken.None);

        Assert.Equal(MemberStatus.Leaving, Assert.Single(left).To);
        await ClusterNodes.EventuallyAsync(() => !b.Exits.IsEmpty, "b asked to stop");
        Assert.False(Assert.Single(b.Exits).Downed);
        await ClusterNodes.EventuallyAsync(() => a.Sees("b:1") is { Status: MemberStatus.Exiting }, "b Exiting");
        await b.StopAsync();
        await ClusterNodes.EventuallyAsync(() => a.Sees("b:1") is { Status: MemberStatus.Removed }, "b Removed");
        var events = await a.Membership.EventsAfterAsync(0, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(
            [MemberStatus.Joining, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting, MemberStatus.Removed],
            events.Events.Where(e => e.Address == "b:1").Select(e => e.To));
        Assert.Equal(events.Events.Select(e => e.Id).Order(), events.Events.Select(e => e.Id));
        Assert.All(events.Events.Where(e => e.Id > start.LastId), e => Assert.Equal("b:1", e.Address));
    }

    [Fact]
    public async Task A_node_that_sees_itself_Down_asks_to_stop_with_a_failure()
    {
        var a = await cluster.StartAsync("a:1");
        var b = await cluster.StartAsync("b:1");
        await ClusterNodes.EventuallyAsync(() => a.Sees("b:1") is { Status: MemberStatus.Up }, "b Up on a");

        var downed = await a.Membership.DownAsync("b:1", CancellationToken.None);

        Assert.Equal(MemberStatus.Down, Assert.Single(downed).To);
        await ClusterNodes.EventuallyAsync(() => !b.Exits.IsEmpty, "b asked to stop");
        var exit = Assert.Single(b.Exits);
        Assert.True(exit.Downed);
        Assert.Equal("marked down", exit.Reason);
        Assert.Empty(a.Exits);
    }

    [Fact]
    public async Task The_leader_downs_and_removes_a_member_unreachable_past_down_after()
    {
        var a = await cluster.StartAsync("a:1", downAfter: TimeSpan.FromSeconds(1.5));
        var b = await cluster.StartAsync("b:1");
        await ClusterNodes.EventuallyAsync(() => a.Sees("b:1") is { Status: MemberStatus.Up }, "b Up on a");

        await b.StopAsync();

        await ClusterNodes.EventuallyAsync(() => a.Sees("b:1") is { Status: MemberStatus.Removed }, "b downed and removed");
        var events = await a.Membership.EventsAfterAsync(0, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(
            [MemberStatus.Joining, MemberStatus.Up, MemberStatus.Down, MemberStatus.Removed],
            events.Events.Where(e => e.Address == "b:1").Select(e => e.To));
    }

    [Fact]
    public async Task A_new_incarnation_of_an_address_replaces_the_old_one()
    {
        var old = await cluster.StartAsync("b:1");
        await ClusterNodes.EventuallyAsync(() => old.Sees("b:1") is { Status: MemberStatus.Up }, "old b Up");

        var fresh = await cluster.StartAsync("b:1");

        await ClusterNodes.EventuallyAsync(
            () => fresh.Membership.Snapshot.Members.SingleOrDefault(m => m.Incarnation == fresh.Membership.Incarnation) is { Status: MemberStatus.Up },
            "new b Up");
        Assert.Equal(MemberStatus.Removed, fresh.Membership.Snapshot.Members.Single(m => m.Incarnation == old.Membership.Incarnation).Status);
        await ClusterNodes.EventuallyAsync(() => !old.Exits.IsEmpty, "old b asked to stop");
        Assert.True(Assert.Single(old.Exits).Downed);
    }

    [Fact]
    public async Task The_leader_is_the_reachable_Up_member_with_the_lowest_address()
    {
        var b = await cluster.StartAsync("b:1");
        var a = await cluster.StartAsync("a:1");
        await ClusterNodes.EventuallyAsync(() => b.Membership.Snapshot.Leader == "a:1" && a.Membership.Snapshot.Leader == "a:1", "a leading on both");

        await a.StopAsync();

        await ClusterNodes.EventuallyAsync(() => b.Membership.Snapshot.Leader == "b:1", "b leading once a is unreachable");
    }

    [Fact]
    public void The_leader_rule_skips_unreachable_and_not_Up_members()
    {
        static Member M(string address, MemberStatus status, bool reachable) =>
            new(address, Guid.NewGuid(), ["master"], status, reachable, 0, "1", "", DateTime.UtcNow, DateTime.UtcNow);

        Assert.Equal("c:1", MembershipSnapshot.LeaderOf([M("a:1", MemberStatus.Up, false), M("b:1", MemberStatus.Leaving, true), M("d:1", MemberStatus.Up, true), M("c:1", MemberStatus.Up, true)]));
        Assert.Null(MembershipSnapshot.LeaderOf([M("a:1", MemberStatus.Joining, true)]));
    }
}
