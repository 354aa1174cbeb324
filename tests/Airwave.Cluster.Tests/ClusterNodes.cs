using System.Collections.Concurrent;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Cluster.Tests;

/// <summary>Membership nodes of one test, each with its own actor system, sharing a fresh schema that is dropped afterwards.</summary>
public sealed class ClusterNodes : IAsyncLifetime
{
    private readonly List<TestNode> nodes = [];

    public string Schema { get; } = TestPostgres.NewSchemaName();

    public async Task<TestNode> StartAsync(string address, TimeSpan? downAfter = null)
    {
        var options = new ClusterOptions
        {
            ConnectionString = TestPostgres.ConnectionString,
            Schema = Schema,
            Address = address,
            AppVersion = "1.2.3",
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            FailureTimeout = TimeSpan.FromSeconds(1),
            DownAfter = downAfter ?? TimeSpan.Zero,
        };
        var node = new TestNode(ActorSystem.Create("cluster-test"));
        node.Membership = await ClusterMembership.StartAsync(node.System, options, node.Exits.Enqueue, NullLoggerFactory.Instance, CancellationToken.None);
        nodes.Add(node);
        return node;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.StopAsync();
        }

        await TestPostgres.DropSchemaAsync(Schema);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after 20 s.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }
}

/// <summary>One member under test: its actor system, membership and the exits it asked for.</summary>
public sealed class TestNode(ActorSystem system)
{
    public ActorSystem System { get; } = system;

    public ClusterMembership Membership { get; set; } = null!;

    public ConcurrentQueue<SelfExit> Exits { get; } = new();

    public Member? Sees(string address) =>
        Membership.Snapshot.Members.LastOrDefault(m => m.Address == address);

    /// <summary>Stops heartbeating without leaving, as a crashed process would.</summary>
    public async Task StopAsync()
    {
        await System.Terminate();
        await Membership.DisposeAsync();
    }
}
