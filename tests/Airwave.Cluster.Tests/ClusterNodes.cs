using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Cluster.Tests;

/// <summary>
/// Akka.Cluster nodes of one test, each its own actor system with remoting on a loopback port, joining through a fresh
/// schema of the cluster database (no seed nodes) that is dropped afterwards.
/// </summary>
public sealed class ClusterNodes : IAsyncLifetime
{
    private readonly List<TestNode> nodes = [];

    public string Schema { get; } = TestPostgres.NewSchemaName();

    /// <summary>
    /// A node whose HTTP address is <paramref name="httpAddress"/>, joined (Up) when this returns unless it uses <paramref name="seedNodes"/>;
    /// it listens on 127.0.0.1 and other nodes reach it at <paramref name="publicHostname"/>. <paramref name="akka"/> is HOCON
    /// over the settings below.
    /// </summary>
    public async Task<TestNode> StartAsync(string httpAddress, IReadOnlyList<string>? seedNodes = null, string journal = "shared", int port = 0, string roles = "master", string publicHostname = "127.0.0.1", string akka = "")
    {
        var system = ActorSystem.Create("airwave", ConfigurationFactory.ParseString(akka).WithFallback(Config(port, roles, publicHostname)));
        var options = new ClusterOptions
        {
            ConnectionString = TestPostgres.ConnectionString,
            Schema = Schema,
            Address = httpAddress,
            AppVersion = "1.2.3",
            Roles = [roles],
            Journal = journal,
            SeedNodes = seedNodes ?? [],
        };
        var node = new TestNode(system);
        nodes.Add(node);
        node.Membership = await AkkaMembership.StartAsync(system, options, NullLoggerFactory.Instance, CancellationToken.None);
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

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after 30 s.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    /// <summary>The node's settings: remoting on loopback, failure detection and downing fast enough for a test.</summary>
    private Config Config(int port, string role, string publicHostname) => ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = WARNING
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = "127.0.0.1", public-hostname = "{{publicHostname}}", port = {{port}} }
          cluster {
            roles = [{{role}}]
            app-version = "1.2.3"
            seed-node-timeout = 2s
            failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 1s }
            split-brain-resolver {
              active-strategy = lease-majority
              stable-after = 2s
              lease-majority.lease-implementation = "airwave-lease"
            }
            downing-provider-class = "Airwave.Cluster.Downing.DowningProvider, Airwave.Cluster"
          }
          coordinated-shutdown.exit-clr = off
        }
        airwave-lease {
          lease-class = "Airwave.Cluster.Leases.PostgresLease, Airwave.Cluster"
          connection-string = "{{TestPostgres.ConnectionString}}"
          schema = "{{Schema}}"
          heartbeat-timeout = 5s
          heartbeat-interval = 1s
          lease-operation-timeout = 3s
        }
        """);
}

/// <summary>One member under test: its actor system and membership.</summary>
public sealed class TestNode(ActorSystem system)
{
    public ActorSystem System { get; } = system;

    public AkkaMembership Membership { get; set; } = null!;

    public string Address => Akka.Cluster.Cluster.Get(System).SelfAddress.ToString();

    public Member? Sees(string address) => Membership.Snapshot.Members.FirstOrDefault(m => m.Address == address);

    /// <summary>Leaves and stops the actor system (coordinated shutdown).</summary>
    public async Task StopAsync()
    {
        await System.Terminate();
        if (Membership is not null)
        {
            await Membership.DisposeAsync();
        }
    }
}
