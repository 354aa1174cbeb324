namespace Airwave.Cluster.Tests;

/// <summary>Akka.Cluster membership through the cluster database: formation without seed nodes, seed nodes, the journal check, down and leave as the CLI asks them.</summary>
public sealed class AkkaMembershipTests : IAsyncLifetime
{
    private readonly ClusterNodes cluster = new();

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task Nodes_started_at_once_without_seed_nodes_form_one_cluster_through_the_database()
    {
        var nodes = await Task.WhenAll(cluster.StartAsync("a:8000"), cluster.StartAsync("b:8000"), cluster.StartAsync("c:8000"));

        await ClusterNodes.EventuallyAsync(
            () => nodes.All(n => n.Membership.Snapshot.Members.Count(m => m.Status == MemberStatus.Up && m.Reachable) == 3),
            "three Up members seen by every node");
        var leaders = nodes.Select(n => n.Membership.Snapshot.Leader).Distinct().ToList();
        Assert.Single(leaders);
        await ClusterNodes.EventuallyAsync(
            () => nodes[0].Membership.Snapshot.Members.Select(m => m.HttpAddress).Order().SequenceEqual(["a:8000", "b:8000", "c:8000"]),
            "the HTTP address of every member, read from the registry");
        var b = nodes[0].Sees(nodes[1].Address)!;
        Assert.Equal(nodes[1].Membership.Self.Incarnation, b.Incarnation);
        Assert.Equal(["master"], b.Roles);
        Assert.Equal("1.2.3", b.AppVersion);
    }

    [Fact]
    public async Task A_node_joins_through_the_seed_nodes_it_is_given()
    {
        var port = FreePort();
        var seed = $"akka.tcp://airwave@127.0.0.1:{port}";
        var a = await cluster.StartAsync("a:8000", [seed], port: port);
        var b = await cluster.StartAsync("b:8000", [seed]);

        await ClusterNodes.EventuallyAsync(() => b.Sees(seed) is { Status: MemberStatus.Up } && a.Sees(b.Address) is { Status: MemberStatus.Up }, "b Up beside its seed");
    }

    [Fact]
    public async Task Seed_nodes_given_by_host_name_form_a_cluster_as_a_StatefulSet_s_DNS_names_do()
    {
        var port = FreePort();
        var seed = $"akka.tcp://airwave@localhost:{port}";
        var first = await cluster.StartAsync("a:8000", [seed, $"akka.tcp://airwave@localhost:{FreePort()}"], port: port, publicHostname: "localhost");
        var slave = await cluster.StartAsync("b:8000", [seed], roles: "slave", publicHostname: "localhost");

        await ClusterNodes.EventuallyAsync(
            () => slave.Sees(seed) is { Status: MemberStatus.Up } && first.Sees(slave.Address) is { Status: MemberStatus.Up },
            "the slave Up beside the first seed, which formed the cluster although the second seed never answered");
        Assert.StartsWith("akka.tcp://airwave@localhost:", slave.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_whose_journal_is_elsewhere_is_refused()
    {
        await cluster.StartAsync("a:8000", journal: "postgresql://db:5432/airwave?schema=public");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.StartAsync("b:8000", journal: "postgresql://other:5432/airwave?schema=public"));
        Assert.Contains("must share one", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_downed_member_shuts_down_and_every_change_is_in_the_event_log()
    {
        var a = await cluster.StartAsync("a:8000");
        var b = await cluster.StartAsync("b:8000", roles: "slave");
        await ClusterNodes.EventuallyAsync(() => a.Sees(b.Address) is { Status: MemberStatus.Up }, "b Up");
        var from = (await a.Membership.EventsAfterAsync(null, TimeSpan.Zero, CancellationToken.None)).LastId;

        Assert.Equal([b.Address], a.Membership.Down("b:8000"));

        await b.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<Akka.Actor.CoordinatedShutdown.ClusterDowningReason>(Akka.Actor.CoordinatedShutdown.Get(b.System).ShutdownReason);
        await ClusterNodes.EventuallyAsync(() => a.Sees(b.Address) is null, "b gone from a's view");
        var page = await a.Membership.EventsAfterAsync(from, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Contains(page.Events, e => e.Address == b.Address && e.Change == "downed");
        Assert.Contains(page.Events, e => e.Address == b.Address && e.Change.StartsWith("removed", StringComparison.Ordinal));
        Assert.Empty(a.Membership.Down("b:8000"));
    }

    [Fact]
    public async Task A_member_asked_to_leave_leaves_gracefully()
    {
        var a = await cluster.StartAsync("a:8000");
        var b = await cluster.StartAsync("b:8000");
        await ClusterNodes.EventuallyAsync(() => a.Sees(b.Address) is { Status: MemberStatus.Up }, "b Up");

        Assert.Equal([b.Address], a.Membership.Leave(b.Address));

        await b.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<Akka.Actor.CoordinatedShutdown.ClusterLeavingReason>(Akka.Actor.CoordinatedShutdown.Get(b.System).ShutdownReason);
        await ClusterNodes.EventuallyAsync(() => a.Membership.Snapshot.Members.Count == 1, "a alone");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
