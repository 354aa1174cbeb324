using Airwave.Cluster.Sharding;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Cluster.Tests;

/// <summary>Masters keeping shard leases together: they share the shards, never both own one, and a frozen one gives up before anyone takes over.</summary>
public sealed class ShardLeaseKeeperTests : IAsyncLifetime
{
    private static readonly ShardLeaseOptions Options = new() { LeaseTtl = TimeSpan.FromSeconds(2), RebalanceInterval = TimeSpan.FromMilliseconds(300) };
    private static readonly ShardLeaseOptions FreezeOptions = Options with { LeaseTtl = TimeSpan.FromSeconds(5) };
    private readonly ClusterNodes cluster = new();
    private readonly List<ShardLeaseTable> tables = [];

    public Task InitializeAsync() => cluster.InitializeAsync();

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        foreach (var table in tables)
        {
            await table.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_masters_share_the_shards_evenly_and_never_both_own_one()
    {
        var (_, a) = await StartAsync("a:1");
        await ClusterNodes.EventuallyAsync(() => a.OwnedShards.Count == 100, "a owning every shard");
        var (_, b) = await StartAsync("b:1");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (a.OwnedShards.Count != 50 || b.OwnedShards.Count != 50)
        {
            Assert.True(DateTime.UtcNow < deadline, $"not balanced: a {a.OwnedShards.Count}, b {b.OwnedShards.Count}");
            var before = a.OwnedShards;
            var ofB = b.OwnedShards;
            var after = a.OwnedShards;
            Assert.DoesNotContain(ofB, s => before.TryGetValue(s.Key, out var e1) && after.TryGetValue(s.Key, out var e2) && e1 == e2);
            await Task.Delay(5);
        }

        Assert.Empty(a.OwnedShards.Keys.Intersect(b.OwnedShards.Keys));
        Assert.True(b.OwnedShards.Keys.All(s => !a.Owns(s) && b.Owns(s)));
    }

    [Fact]
    public async Task A_master_that_stops_renewing_gives_up_before_its_leases_expire_and_the_other_takes_over_at_a_higher_epoch()
    {
        var (nodeA, a) = await StartAsync("a:1", FreezeOptions);
        var (_, b) = await StartAsync("b:1", FreezeOptions);
        await ClusterNodes.EventuallyAsync(() => a.OwnedShards.Count + b.OwnedShards.Count == 100 && a.OwnedShards.Count > 0, "shards allocated to both");
        var lost = new List<ShardOwnershipChanged>();
        a.OwnershipChanged += (_, change) => lost.Add(change);
        var frozen = a.OwnedShards;

        var stopping = nodeA.StopAsync();
        await ClusterNodes.EventuallyAsync(() => a.OwnedShards.Count == 0, "a giving up locally");

        var leases = await tables[0].ReadAsync(CancellationToken.None);
        Assert.All(frozen.Keys, s => Assert.True(leases.Single(l => l.ShardId == s) is { Live: true } lease && lease.Owner == a.Self, $"shard {s} still leased to a"));
        Assert.All(frozen.Keys, s => Assert.False(a.Owns(s)));
        await stopping;
        await ClusterNodes.EventuallyAsync(() => b.OwnedShards.Count == 100, "b owning every shard");
        Assert.All(frozen, s => Assert.True(b.OwnedShards[s.Key] > s.Value, $"shard {s.Key}: epoch {b.OwnedShards[s.Key]} after {s.Value}"));
        Assert.Empty(lost);
    }

    private async Task<(TestNode Node, ShardLeaseKeeper Keeper)> StartAsync(string address, ShardLeaseOptions? options = null)
    {
        var node = await cluster.StartAsync(address);
        var table = await ShardLeaseTable.OpenAsync(TestPostgres.ConnectionString, cluster.Schema, CancellationToken.None);
        tables.Add(table);
        var keeper = ShardLeaseKeeper.Start(node.System, table, options ?? Options, new ShardOwnerId(address, node.Membership.Self.Incarnation), () => node.Membership.Snapshot, NullLoggerFactory.Instance);
        return (node, keeper);
    }
}
