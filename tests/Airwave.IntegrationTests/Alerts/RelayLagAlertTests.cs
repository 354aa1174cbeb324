using System.Text.Json;
using Airwave.IntegrationTests.Cluster;
using Airwave.IntegrationTests.Harness;
using Airwave.IntegrationTests.Metrics;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>
/// A master and a slave on the test PostgreSQL with a congested link between them: the slave's relay reaches the owner
/// through a proxy that slows the owner's answers to a quarter of the stream's rate, so the relay falls further behind
/// while its feed stays open, fires <c>relay-lag</c> once, and resolves once the link is let go and it caught up.
/// </summary>
public sealed class RelayLagAlertTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A quarter of the looped file's 128 kbit/s.</summary>
    private const int CongestedBytesPerSecond = 4_000;

    [Fact]
    public async Task A_relay_falling_behind_its_owner_fires_relay_lag_once_and_resolves_once_it_caught_up()
    {
        await using var database = new ClusterDatabase();
        var receiverPort = FreePorts.Next();
        using var receiver = AlertReceiver.Start(receiverPort);
        NodeProcess? master = null;
        await using var proxy = LoopbackBalancer.Start(() => [master!.HttpPort]);
        var nodes = new List<NodeProcess>();
        try
        {
            var masterEnvironment = database.ShardedNodeEnvironment();
            // Other nodes reach the master's HTTP port (its chunk feed) through the proxy.
            masterEnvironment["AIRWAVE__CLUSTER__ADVERTISE_ADDRESS"] = $"127.0.0.1:{proxy.Port}";
            master = await NodeProcess.StartAsync(new NodeOptions
            {
                Config = """
                    airwave {
                      cluster.roles = [master]
                      channels.looped.loop-file = "assets/demo.mp3"
                    }
                    """,
                Environment = masterEnvironment,
            });
            nodes.Add(master);
            var slave = await NodeProcess.StartAsync(new NodeOptions
            {
                Config = $$"""
                    airwave {
                      cluster.roles = [slave]
                      channels.looped.loop-file = "assets/demo.mp3"
                      alerts { check-interval = 1s, relay-lag-after = 2s, disk-percent = 100, webhook-url = "http://127.0.0.1:{{receiverPort}}/hook" }
                    }
                    """,
                Environment = database.ShardedNodeEnvironment(),
            });
            nodes.Add(slave);

            // A listener keeps the slave's feed open throughout.
            using var listener = await RecordingListener.ConnectAsync(slave.Http("/looped"));
            await listener.WaitForMoreAsync(32_000, Patience);
            await MetricsScrape.UntilAsync(slave, m => m.Value("airwave_relay_connected", ("channel", "looped")) == 1 && m.Value("airwave_relay_lag_seconds", ("channel", "looped")) < 1.5, "the relay open and caught up");

            proxy.Throttle(CongestedBytesPerSecond);
            await Poll.UntilAsync(() => Task.FromResult(RelayLag(receiver)), h => h.Count >= 1, Patience, "relay-lag to fire", () => Logs(nodes));
            var connected = (await MetricsScrape.ListenerPortAsync(slave)).Value("airwave_relay_connected", ("channel", "looped"));
            proxy.Release();
            var hooks = await Poll.UntilAsync(() => Task.FromResult(RelayLag(receiver)), h => h.Count >= 2, Patience, "relay-lag to resolve", () => Logs(nodes));

            Assert.Equal(1, connected);
            Assert.Equal(["firing", "resolved"], hooks.Select(h => h.GetProperty("state").GetString()));
            Assert.All(hooks, h => Assert.Equal("looped", h.GetProperty("channel").GetString()));
            Assert.Contains("behind its owner", hooks[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(Logs(nodes));
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static List<JsonElement> RelayLag(AlertReceiver receiver) =>
        [.. receiver.Bodies("/hook").Where(h => h.GetProperty("condition").GetString() == "relay-lag")];

    private static string Logs(List<NodeProcess> nodes) => string.Join("\n", nodes.Select((n, i) => $"--- node {i} ({n.HttpPort}):\n{n.Log.Since(0, 120)}"));
}
