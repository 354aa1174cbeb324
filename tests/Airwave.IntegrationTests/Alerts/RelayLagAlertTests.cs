using System.Text.Json;
using Airwave.IntegrationTests.Cluster;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Alerts;

/// <summary>A master and a slave on the test PostgreSQL: freezing the master (SIGSTOP) while the slave relays its channel to a listener makes the slave's relay fall behind, which fires relay-lag there; thawing it resolves it.</summary>
public sealed class RelayLagAlertTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<NodeProcess> nodes = [];

    [Fact]
    public async Task A_relay_falling_behind_its_frozen_owner_fires_relay_lag_on_the_slave_once_and_resolves_once()
    {
        await using var database = new ClusterDatabase();
        var receiverPort = FreePorts.Next();
        using var receiver = AlertReceiver.Start(receiverPort);
        try
        {
            var master = await StartAsync(database, "master", "");
            var slave = await StartAsync(database, "slave", $$"""
                alerts { check-interval = 1s, relay-lag-after = 1s, disk-percent = 100, webhook-url = "http://127.0.0.1:{{receiverPort}}/hook" }
                """);
            using var listener = await RecordingListener.ConnectAsync(slave.Http("/looped"));
            await listener.WaitForMoreAsync(64_000, Patience);
            await slave.WaitForChannelAsync("looped", c => c.GetProperty("relay").GetProperty("connected").GetBoolean(), "the relay's feed open", Patience);

            // A relay whose owner sends nothing closes its feed after 3 s; with the minimum threshold, 1 s, the evaluations of the
            // seconds before that see the lag.
            await master.SignalAsync("STOP");
            await Poll.UntilAsync(() => Task.FromResult(Lag(receiver)), h => h.Count >= 1, Patience, "relay-lag to fire", Logs);
            await master.SignalAsync("CONT");
            var hooks = await Poll.UntilAsync(() => Task.FromResult(Lag(receiver)), h => h.Count >= 2, Patience, "relay-lag to resolve", Logs);

            Assert.Equal(["firing", "resolved"], hooks.Select(h => h.GetProperty("state").GetString()));
            Assert.All(hooks, h => Assert.Equal("looped", h.GetProperty("channel").GetString()));
            Assert.Contains("behind its owner", hooks[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(Logs());
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static List<JsonElement> Lag(AlertReceiver receiver) =>
        [.. receiver.Bodies("/hook").Where(h => h.GetProperty("condition").GetString() == "relay-lag")];

    private async Task<NodeProcess> StartAsync(ClusterDatabase database, string role, string alerts)
    {
        var node = await NodeProcess.StartAsync(new NodeOptions
        {
            // The resolver decides late, so that the freeze ends before it would down the frozen master.
            Config = $$"""
                akka.cluster.split-brain-resolver.stable-after = 20s
                airwave {
                  cluster.roles = [{{role}}]
                  channels { looped { loop-file = "assets/demo.mp3" } }
                  {{alerts}}
                }
                """,
            Environment = database.ShardedNodeEnvironment(),
        });
        nodes.Add(node);
        return node;
    }

    private string Logs() => string.Join("\n", nodes.Select((n, i) => $"--- node {i} ({n.HttpPort}):\n{n.Log.Since(0, 80)}"));
}
