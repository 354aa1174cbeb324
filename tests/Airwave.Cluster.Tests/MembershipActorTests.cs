using System.Collections.Concurrent;
using Airwave.Cluster.Membership;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace Airwave.Cluster.Tests;

/// <summary>The heartbeat actor through an outage of the cluster database, the one behaviour the node-level <see cref="MembershipTests"/> do not reach.</summary>
public sealed class MembershipActorTests(ITestOutputHelper output) : TestKit(output: output), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string schema = TestPostgres.NewSchemaName();
    private readonly ConcurrentQueue<SelfExit> exits = new();
    private MembershipTable table = null!;
    private IActorRef? actor;

    public async Task InitializeAsync() => table = await MembershipTable.OpenAsync(TestPostgres.ConnectionString, schema, CancellationToken.None);

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (actor is not null)
        {
            var probe = CreateTestProbe();
            probe.Watch(actor);
            Sys.Stop(actor);
            await probe.ExpectTerminatedAsync(actor, Patience);
        }

        await table.DisposeAsync();
        await TestPostgres.DropSchemaAsync(schema);
    }

    [Fact]
    public async Task Heartbeats_missed_while_the_cluster_database_is_unavailable_neither_fail_the_actor_nor_stop_the_node_and_resume_when_it_is_back()
    {
        var options = new ClusterOptions
        {
            ConnectionString = TestPostgres.ConnectionString,
            Schema = schema,
            Address = "a:1",
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            FailureTimeout = TimeSpan.FromSeconds(5),
            DownAfter = TimeSpan.Zero,
        };
        var incarnation = Guid.NewGuid();
        await table.RegisterAsync(options, incarnation, CancellationToken.None);
        var state = new MembershipState(new MembershipSnapshot(options.Address, null, []), exits.Enqueue);
        var log = new WarningLog();
        var (members, self) = (table, state);
        actor = Sys.ActorOf(Props.Create(() => new MembershipActor(members, options, incarnation, self, log)));
        await AwaitAssertAsync(() => Assert.True(Self(state) is { Status: MemberStatus.Up, Reachable: true }), Patience);

        await EventFilter.Exception<Exception>().ExpectAsync(0, async () =>
        {
            await RenameAsync("cluster_member", "cluster_member_away");
            await AwaitAssertAsync(() => Assert.True(log.Count >= 3, $"{log.Count} heartbeats missed"), Patience);
            var lastSeen = state.Snapshot;
            await RenameAsync("cluster_member_away", "cluster_member");

            await AwaitAssertAsync(() => Assert.NotSame(lastSeen, state.Snapshot), Patience);
        });

        Assert.All(log.Messages, m => Assert.StartsWith("cluster database unavailable, heartbeat missed", m, StringComparison.Ordinal));
        Assert.True(Self(state) is { Status: MemberStatus.Up, Reachable: true });
        Assert.Empty(exits);
    }

    private static Member? Self(MembershipState state) => state.Snapshot.Members.SingleOrDefault(m => m.Address == "a:1");

    private async Task RenameAsync(string from, string to)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var rename = new NpgsqlCommand($"ALTER TABLE \"{schema}\".{from} RENAME TO {to}", connection);
        await rename.ExecuteNonQueryAsync();
    }

    /// <summary>Keeps the warnings the actor logs.</summary>
    private sealed class WarningLog : ILogger
    {
        private readonly ConcurrentQueue<string> messages = new();

        public int Count => messages.Count;

        public IReadOnlyList<string> Messages => [.. messages];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                messages.Enqueue(formatter(state, exception));
            }
        }
    }
}
