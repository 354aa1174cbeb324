using Airwave.Cluster.Sharding;

namespace Airwave.Cluster.Tests;

/// <summary>Shard leases on the cluster database: acquire only when free or expired, renew by the owner at its epoch, release, epochs grow.</summary>
public sealed class ShardLeaseTableTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);
    private readonly string schema = TestPostgres.NewSchemaName();
    private readonly ShardOwnerId a = new("a:1", Guid.NewGuid());
    private readonly ShardOwnerId b = new("b:1", Guid.NewGuid());
    private ShardLeaseTable table = null!;

    public async Task InitializeAsync() => table = await ShardLeaseTable.OpenAsync(TestPostgres.ConnectionString, schema, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await table.DisposeAsync();
        await TestPostgres.DropSchemaAsync(schema);
    }

    [Fact]
    public async Task A_free_shard_is_acquired_once_at_epoch_one_and_a_held_one_is_refused()
    {
        var first = await table.AcquireAsync(a, [1, 2], TimeSpan.FromMinutes(1), CancellationToken.None);
        var second = await table.AcquireAsync(b, [2, 3], TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(new Dictionary<int, long> { [1] = 1, [2] = 1 }, first);
        Assert.Equal(new Dictionary<int, long> { [3] = 1 }, second);
        var leases = await table.ReadAsync(CancellationToken.None);
        Assert.Equal([a, a, b], leases.Select(l => l.Owner));
        Assert.All(leases, l => Assert.True(l.Live));
    }

    [Fact]
    public async Task Only_the_owner_at_its_epoch_renews_and_renewal_keeps_the_lease_past_its_ttl()
    {
        // Renewed every quarter of the TTL for longer than the TTL: a loaded machine may stall a renewal by seconds.
        var longTtl = TimeSpan.FromSeconds(8);
        await table.AcquireAsync(a, [1], longTtl, CancellationToken.None);

        Assert.Empty(await table.RenewAsync(b, new Dictionary<int, long> { [1] = 1 }, longTtl, CancellationToken.None));
        Assert.Empty(await table.RenewAsync(a, new Dictionary<int, long> { [1] = 2 }, longTtl, CancellationToken.None));
        Assert.Empty(await table.RenewAsync(a with { Incarnation = Guid.NewGuid() }, new Dictionary<int, long> { [1] = 1 }, longTtl, CancellationToken.None));
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(longTtl / 4);
            Assert.Equal(new Dictionary<int, long> { [1] = 1 }, await table.RenewAsync(a, new Dictionary<int, long> { [1] = 1 }, longTtl, CancellationToken.None));
        }

        Assert.Empty(await table.AcquireAsync(b, [1], longTtl, CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_lease_goes_to_the_next_owner_with_a_higher_epoch_and_the_old_owner_cannot_renew()
    {
        await table.AcquireAsync(a, [1], Ttl, CancellationToken.None);
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200));

        Assert.False(Assert.Single(await table.ReadAsync(CancellationToken.None)).Live);
        Assert.Equal(new Dictionary<int, long> { [1] = 2 }, await table.AcquireAsync(b, [1], Ttl, CancellationToken.None));
        Assert.Empty(await table.RenewAsync(a, new Dictionary<int, long> { [1] = 1 }, Ttl, CancellationToken.None));
        Assert.Equal(new Dictionary<int, long> { [1] = 3 }, (await ReacquiredAfterRelease(b, a)));
    }

    [Fact]
    public async Task Only_the_owner_releases()
    {
        await table.AcquireAsync(a, [1], TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Empty(await table.ReleaseAsync(b, [1], CancellationToken.None));
        Assert.Single(await table.ReleaseAsync(a, [1], CancellationToken.None));
        await Task.Delay(10);
        Assert.Equal(new Dictionary<int, long> { [1] = 2 }, await table.AcquireAsync(b, [1], Ttl, CancellationToken.None));
    }

    private async Task<IReadOnlyDictionary<int, long>> ReacquiredAfterRelease(ShardOwnerId from, ShardOwnerId to)
    {
        await table.ReleaseAsync(from, [1], CancellationToken.None);
        await Task.Delay(10);
        return await table.AcquireAsync(to, [1], Ttl, CancellationToken.None);
    }
}
