using Airwave.IntegrationTests.Cluster;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Metrics;

/// <summary>A master and a slave on the test PostgreSQL: each reports the members, its own shards, and the slave its relay.</summary>
public sealed class ClusterMetricsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<NodeProcess> nodes = [];

    [Fact]
    public async Task Members_by_status_and_role_shards_on_the_master_and_the_relay_of_a_slave_show_in_their_metrics()
    {
        await using var database = new ClusterDatabase();
        try
        {
            var master = await StartAsync(database, "master");
            var slave = await StartAsync(database, "slave");

            var onMaster = await Poll.UntilAsync(
                () => MetricsScrape.ListenerPortAsync(master),
                m => m.Value("airwave_cluster_members", ("status", "up"), ("role", "slave")) == 1 && m.Value("airwave_shard_entities", ("region", "channels")) == 1,
                Patience,
                "the master to see the slave Up and run /looped",
                Logs);
            Assert.Equal(1, onMaster.Value("airwave_cluster_members", ("status", "up"), ("role", "master")));
            Assert.Equal(0, onMaster.Value("airwave_cluster_unreachable_members"));
            Assert.True(onMaster.Value("airwave_shards", ("region", "channels")) >= 1, "the only master hosts the shard of /looped");
            Assert.Null(onMaster.Value("airwave_relay_connected", ("channel", "looped")));

            using var listener = await RecordingListener.ConnectAsync(slave.Http("/looped"));
            await listener.WaitForMoreAsync(64_000, Patience);
            var onSlave = await Poll.UntilAsync(
                () => MetricsScrape.ListenerPortAsync(slave),
                m => m.Value("airwave_relay_connected", ("channel", "looped")) == 1 && m.Value("airwave_listeners", ("channel", "looped"), ("output", "raw")) == 1,
                Patience,
                "the slave's relay of /looped to be open with its listener",
                Logs);

            Assert.True(onSlave.Value("airwave_relay_lag_seconds", ("channel", "looped")) >= 0, "a connected relay reports its lag");
            Assert.Equal(0, onSlave.Value("airwave_shards", ("region", "channels")));
            Assert.Equal(1, onSlave.Value("airwave_cluster_members", ("status", "up"), ("role", "master")));
            Assert.True(onSlave.Value("airwave_channel_newest_seq", ("channel", "looped")) >= 0, "the replica holds the owner's chunks");
            var ownerNewest = (await MetricsScrape.ListenerPortAsync(master)).Value("airwave_channel_newest_seq", ("channel", "looped"));
            Assert.True(ownerNewest >= onSlave.Value("airwave_channel_newest_seq", ("channel", "looped")), "the replica is never ahead of its owner");
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

    private async Task<NodeProcess> StartAsync(ClusterDatabase database, string role)
    {
        var node = await NodeProcess.StartAsync(new NodeOptions
        {
            Config = $$"""
                airwave {
                  cluster.roles = [{{role}}]
                  channels { looped { loop-file = "assets/demo.mp3" } }
                }
                """,
            Environment = database.ShardedNodeEnvironment(),
        });
        nodes.Add(node);
        return node;
    }

    private string Logs() => string.Join("\n", nodes.Select((n, i) => $"--- node {i} ({n.HttpPort}):\n{n.Log.Since(0, 80)}"));
}
