using Airwave.Cluster.Leases;
using Akka.Configuration;
using Akka.Coordination;
using Akka.TestKit.Xunit2;
using Npgsql;
using Xunit.Abstractions;

namespace Airwave.Cluster.Tests;

/// <summary>The split-brain resolver's and the shards' lease on PostgreSQL, loaded by Akka's own <see cref="LeaseProvider"/> from config.</summary>
public sealed class PostgresLeaseTests(ITestOutputHelper output) : TestKit(Config(Schema), output: output), IAsyncLifetime
{
    private static readonly string Schema = TestPostgres.NewSchemaName();

    public async Task InitializeAsync()
    {
        // The node creates the tables at start; the registry does the same here.
        await using var registry = await Membership.NodeRegistry.OpenAsync(TestPostgres.ConnectionString, Schema, CancellationToken.None);
    }

    async Task IAsyncLifetime.DisposeAsync() => await TestPostgres.DropSchemaAsync(Schema);

    [Fact]
    public async Task One_owner_at_a_time_until_it_releases()
    {
        var first = Lease("sbr", "node-a");
        var second = Lease("sbr", "node-b");
        Assert.IsType<PostgresLease>(first);

        Assert.True(await first.Acquire());
        Assert.True(first.CheckLease());
        Assert.False(await second.Acquire());
        Assert.False(second.CheckLease());
        Assert.True(await first.Acquire());

        Assert.True(await first.Release());
        Assert.False(first.CheckLease());
        Assert.True(await second.Acquire());
    }

    [Fact]
    public async Task A_holder_keeps_the_lease_past_its_ttl_by_renewing_it()
    {
        var holder = Lease("renewed", "node-a");
        Assert.True(await holder.Acquire());

        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.True(holder.CheckLease());
        Assert.False(await Lease("renewed", "node-b").Acquire());
    }

    [Fact]
    public async Task A_holder_whose_lease_was_taken_hears_it_lost()
    {
        var holder = Lease("taken", "node-a");
        var lost = new TaskCompletionSource<Exception>();
        Assert.True(await holder.Acquire(e => lost.TrySetResult(e)));

        await ExpireAsync("taken");
        Assert.True(await Lease("taken", "node-b").Acquire());

        var reason = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("renewal refused", reason.Message, StringComparison.Ordinal);
        Assert.False(holder.CheckLease());
    }

    /// <summary>The epoch a rewind dump is checked against: the same while one owner holds the lease, higher once another took it.</summary>
    [Fact]
    public async Task The_epoch_changes_only_when_the_lease_changes_owner()
    {
        var first = (PostgresLease)Lease("epoch", "node-a");
        Assert.Null(first.Epoch);
        Assert.True(await first.Acquire());
        var held = first.Epoch;
        Assert.NotNull(held);

        Assert.True(await first.Release());
        Assert.True(await first.Acquire());
        Assert.Equal(held, first.Epoch);

        Assert.True(await first.Release());
        var second = (PostgresLease)Lease("epoch", "node-b");
        Assert.True(await second.Acquire());
        Assert.Equal(held + 1, second.Epoch);
    }

    /// <summary>A holder that could not renew (the database was down) gets its lease back if nobody took it meanwhile.</summary>
    [Fact]
    public async Task An_expired_lease_nobody_took_is_renewed_by_its_owner_and_one_taken_is_not()
    {
        var table = LeaseTable.Of(TestPostgres.ConnectionString, Schema);
        var epoch = await table.AcquireAsync("outage", "node-a", TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.NotNull(epoch);

        await ExpireAsync("outage");
        Assert.True(await table.RenewAsync("outage", "node-a", epoch.Value, TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Null(await table.AcquireAsync("outage", "node-b", TimeSpan.FromSeconds(30), CancellationToken.None));

        await ExpireAsync("outage");
        Assert.Equal(epoch + 1, await table.AcquireAsync("outage", "node-b", TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.False(await table.RenewAsync("outage", "node-a", epoch.Value, TimeSpan.FromSeconds(30), CancellationToken.None));
    }

    private static Config Config(string schema) => ConfigurationFactory.ParseString($$"""
        test-lease {
          lease-class = "Airwave.Cluster.Leases.PostgresLease, Airwave.Cluster"
          connection-string = "{{TestPostgres.ConnectionString}}"
          schema = "{{schema}}"
          heartbeat-timeout = 2s
          heartbeat-interval = 500ms
          lease-operation-timeout = 3s
        }
        """);

    private Lease Lease(string name, string owner) => LeaseProvider.Get(Sys).GetLease(name, "test-lease", owner);

    private static async Task ExpireAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var expire = new NpgsqlCommand($"UPDATE \"{Schema}\".cluster_lease SET expires_at = now() WHERE name = @name", connection);
        expire.Parameters.AddWithValue("name", name);
        await expire.ExecuteNonQueryAsync();
    }
}
