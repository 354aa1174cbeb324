using Airwave.Cluster.Sharding;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Airwave.Cluster.Tests;

/// <summary>
/// The lease keeper actor driven tick by tick against the cluster database: a graceful leave (stop owning, then release)
/// and a rebalance's hand-off, the parts the two-master <see cref="ShardLeaseKeeperTests"/> do not reach.
/// </summary>
public sealed class ShardLeaseKeeperActorTests(ITestOutputHelper output) : TestKit(output: output), IAsyncLifetime
{
    // Renewed every minute: the keeper's own timer ticks once at start, every later tick is the test's.
    private static readonly ShardLeaseOptions Options = new() { LeaseTtl = TimeSpan.FromMinutes(3), RebalanceInterval = TimeSpan.Zero };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string schema = TestPostgres.NewSchemaName();
    private readonly ShardOwnerId a = new("a:1", Guid.NewGuid());
    private readonly ShardOwnerId b = new("b:1", Guid.NewGuid());
    private readonly List<IActorRef> keepers = [];
    private volatile MembershipSnapshot members = null!;
    private ShardLeaseTable table = null!;

    public async Task InitializeAsync()
    {
        table = await ShardLeaseTable.OpenAsync(TestPostgres.ConnectionString, schema, CancellationToken.None);
        members = Masters(a);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var keeper in keepers)
        {
            var probe = CreateTestProbe();
            probe.Watch(keeper);
            Sys.Stop(keeper);
            await probe.ExpectTerminatedAsync(keeper, Patience);
        }

        await table.DisposeAsync();
        await TestPostgres.DropSchemaAsync(schema);
    }

    [Fact]
    public async Task A_leaving_master_stops_owning_at_once_keeps_its_leases_until_it_releases_them_and_then_takes_no_shard_again()
    {
        var (keeper, ownership, changes) = StartKeeper(_ => Task.CompletedTask);
        var gained = await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience);
        Assert.Equal(100, gained.Gained.Count);

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        keeper.Tell(new StopOwningShards(stopped));
        await stopped.Task.WaitAsync(Patience);

        Assert.Empty(ownership.Owned);
        var lost = await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience);
        Assert.Equal(("stopped owning: node leaving", 100), (lost.Reason, lost.Lost.Count));
        Assert.All(await table.ReadAsync(CancellationToken.None), l => Assert.True(l.Live && l.Owner == a, $"shard {l.ShardId} still leased to a"));

        await ReleaseAllAsync(keeper);

        Assert.DoesNotContain(await table.ReadAsync(CancellationToken.None), l => l.Live);
        keeper.Tell(ShardLeaseTick.Instance);
        // Handled after the tick: a keeper that went on ticking would have reported the free shards it took (and released them again here).
        await ReleaseAllAsync(keeper);
        await changes.ExpectNoMsgAsync(TimeSpan.Zero);
        Assert.DoesNotContain(await table.ReadAsync(CancellationToken.None), l => l.Live);
    }

    [Fact]
    public async Task A_keeper_that_fails_and_restarts_while_its_node_leaves_takes_no_shard_again()
    {
        var failures = 1;
        var (keeper, ownership, changes) = StartKeeper(_ => Task.CompletedTask, change =>
        {
            if (change.Reason.StartsWith("stopped owning", StringComparison.Ordinal) && Interlocked.Exchange(ref failures, 0) == 1)
            {
                throw new InvalidOperationException("a subscriber failed");
            }
        });
        Assert.Equal(100, (await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience)).Gained.Count);

        await EventFilter.Exception<InvalidOperationException>().ExpectOneAsync(() =>
        {
            keeper.Tell(new StopOwningShards(new TaskCompletionSource()));
            return Task.CompletedTask;
        });
        Assert.Equal("stopped owning: node leaving", (await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience)).Reason);

        // The restarted keeper ticks at once; then the test's tick, then a release handled after both.
        keeper.Tell(ShardLeaseTick.Instance);
        await ReleaseAllAsync(keeper);
        await changes.ExpectNoMsgAsync(TimeSpan.Zero);
        Assert.Empty(ownership.Owned);
        Assert.DoesNotContain(await table.ReadAsync(CancellationToken.None), l => l.Live);
    }

    [Fact]
    public async Task Shards_a_rebalance_moves_away_are_given_up_at_once_but_their_leases_are_released_only_after_the_hand_off()
    {
        var handOff = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handingOff = CreateTestProbe();
        var (keeper, ownership, changes) = StartKeeper(ct =>
        {
            handingOff.Ref.Tell("handing off");
            return handOff.Task.WaitAsync(ct);
        });
        Assert.Equal(100, (await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience)).Gained.Count);
        members = Masters(a, b);

        keeper.Tell(ShardLeaseTick.Instance);

        var moved = await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience);
        Assert.Equal("rebalance: moved to a less-loaded master", moved.Reason);
        Assert.Equal(Enumerable.Range(90, 10), moved.Lost);
        await handingOff.ExpectMsgAsync("handing off", Patience);
        Assert.Equal(90, ownership.Owned.Count);
        Assert.DoesNotContain(moved.Lost, ownership.Owned.ContainsKey);
        Assert.Empty(await table.AcquireAsync(b, moved.Lost, Options.LeaseTtl, CancellationToken.None));

        handOff.SetResult();

        await AwaitAssertAsync(
            async () => Assert.DoesNotContain(await table.ReadAsync(CancellationToken.None), l => moved.Lost.Contains(l.ShardId) && l.Live),
            Patience);
        var taken = await table.AcquireAsync(b, moved.Lost, Options.LeaseTtl, CancellationToken.None);
        Assert.Equal(moved.Lost, taken.Keys.Order());
        Assert.All(taken.Values, epoch => Assert.Equal(2, epoch));
    }

    [Fact]
    public async Task A_master_that_cannot_reach_the_database_keeps_its_shards_while_every_member_is_reachable_and_renews_them_when_it_is_back()
    {
        var quick = Options with { LeaseTtl = TimeSpan.FromSeconds(2) };
        var (_, ownership, changes) = StartKeeper(_ => Task.CompletedTask, options: quick);
        Assert.Equal(100, (await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience)).Gained.Count);
        var epochs = ownership.Owned;

        await using (await DatabaseAwayAsync())
        {
            // Twice the TTL without a renewal: the leases expired in the database, the shards are still served.
            await Task.Delay(quick.LeaseTtl * 2);
            Assert.Equal(100, ownership.Owned.Count);
            await changes.ExpectNoMsgAsync(TimeSpan.Zero);
        }

        await AwaitAssertAsync(async () => Assert.All(await table.ReadAsync(CancellationToken.None), l => Assert.True(l.Live && l.Owner == a)), Patience);
        Assert.Equal(epochs, ownership.Owned);
        await changes.ExpectNoMsgAsync(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_master_that_cannot_reach_the_database_and_sees_a_member_unreachable_gives_its_shards_up_and_takes_them_back_later()
    {
        var quick = Options with { LeaseTtl = TimeSpan.FromSeconds(2) };
        var (_, ownership, changes) = StartKeeper(_ => Task.CompletedTask, options: quick);
        Assert.Equal(100, (await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience)).Gained.Count);
        members = new MembershipSnapshot("a:1", "a:1", [.. Masters(a).Members, new Member("akka.tcp://airwave@b:1", "b:1", "", b.Incarnation, ["master"], MemberStatus.Up, false, "1")]);

        await using (await DatabaseAwayAsync())
        {
            var gaveUp = await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience);
            Assert.Equal(100, gaveUp.Lost.Count);
            Assert.Empty(ownership.Owned);
        }

        var back = await changes.ExpectMsgAsync<ShardOwnershipChanged>(Patience);
        Assert.Equal(100, back.Gained.Count);
        Assert.All(ownership.Owned.Values, epoch => Assert.Equal(2, epoch));
    }

    /// <summary>Makes the lease table unreachable (renamed) until disposed, as a database that is down is to the keeper.</summary>
    private async Task<IAsyncDisposable> DatabaseAwayAsync()
    {
        await RenameAsync("cluster_shard_lease", "cluster_shard_lease_away");
        return new Restore(() => RenameAsync("cluster_shard_lease_away", "cluster_shard_lease"));
    }

    private async Task RenameAsync(string from, string to)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var rename = new Npgsql.NpgsqlCommand($"ALTER TABLE \"{schema}\".{from} RENAME TO {to}", connection);
        await rename.ExecuteNonQueryAsync();
    }

    private (IActorRef Keeper, ShardOwnership Ownership, Akka.TestKit.TestProbe Changes) StartKeeper(
        Func<CancellationToken, Task> handOff, Action<ShardOwnershipChanged>? alsoOnChange = null, ShardLeaseOptions? options = null)
    {
        var ownership = new ShardOwnership(TimeProvider.System);
        var changes = CreateTestProbe();
        Action<ShardOwnershipChanged> changed = c =>
        {
            changes.Ref.Tell(c);
            alsoOnChange?.Invoke(c);
        };
        Func<MembershipSnapshot> membership = () => members;
        var (leases, self) = (table, a);
        var keeperOptions = options ?? Options;
        var keeper = Sys.ActorOf(Props.Create(() => new ShardLeaseKeeperActor(
            leases, keeperOptions, self, membership, ownership, TimeProvider.System, changed, handOff, NullLogger.Instance)));
        keepers.Add(keeper);
        return (keeper, ownership, changes);
    }

    private static async Task ReleaseAllAsync(IActorRef keeper)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        keeper.Tell(new ReleaseAllShards(released));
        await released.Task.WaitAsync(Patience);
    }

    private static MembershipSnapshot Masters(params ShardOwnerId[] masters) => new(
        "a:1",
        "a:1",
        [.. masters.Select(m => new Member("akka.tcp://airwave@" + m.Address, m.Address, "", m.Incarnation, ["master"], MemberStatus.Up, true, "1"))]);

    private sealed class Restore(Func<Task> restore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await restore();
    }
}
