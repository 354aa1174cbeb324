using System.Text.Json;
using Airwave.IntegrationTests.Cluster;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Analytics;

/// <summary>A master and a slave on the test PostgreSQL: what listeners did on the slave is in the report any node answers, marked with the slave's name.</summary>
public sealed class AnalyticsClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<NodeProcess> nodes = [];

    [Fact]
    public async Task Listens_on_a_slave_are_reported_by_the_master_from_the_shared_database()
    {
        await using var database = new ClusterDatabase();
        try
        {
            var master = await StartAsync(database, "master");
            var slave = await StartAsync(database, "slave");
            var from = DateTime.UtcNow.AddSeconds(-1).ToString("o", System.Globalization.CultureInfo.InvariantCulture);

            using (var listener = await RecordingListener.ConnectAsync(slave.Http("/looped")))
            {
                await listener.WaitForMoreAsync(64_000, Patience);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var playlist = await Poll.UntilAsync(
                () => http.GetStringAsync(slave.Http("/looped.m3u8?sid=cluster-hls")), p => p.Contains("#EXTINF:", StringComparison.Ordinal), Patience, "the slave's HLS playlist", Logs);
            var segment = playlist.Split('\n').Last(l => l.StartsWith("/looped/hls/", StringComparison.Ordinal)).Trim();
            (await http.GetAsync(slave.Http(segment))).EnsureSuccessStatusCode();

            var window = "channel=looped&from=" + Uri.EscapeDataString(from);
            var report = await Poll.UntilAsync(
                () => master.GetAdminJsonAsync("api/analytics?" + window),
                r => r.GetProperty("total").GetProperty("sessions").GetInt32() == 2,
                Patience,
                "the master to report the slave's two listens",
                Logs);

            var outputs = report.GetProperty("by_output");
            Assert.Equal((1, 1), (outputs.GetProperty("raw").GetProperty("sessions").GetInt32(), outputs.GetProperty("hls").GetProperty("sessions").GetInt32()));
            using var export = await master.Admin.GetAsync("api/analytics/listens?" + window);
            var listens = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            Assert.Equal(["slave-node", "slave-node"], listens.Select(l => l.GetProperty("node").GetString()));
            Assert.Equal(2, (await slave.GetAdminJsonAsync("api/analytics?" + window)).GetProperty("total").GetProperty("sessions").GetInt32());
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
                  node-name = {{role}}-node
                  cluster.roles = [{{role}}]
                  analytics.flush-interval = 200ms
                  channels { looped { loop-file = "assets/demo.mp3", hls.segment-duration = 2s } }
                }
                """,
            Environment = database.ShardedNodeEnvironment(),
        });
        nodes.Add(node);
        return node;
    }

    private string Logs() => string.Join("\n", nodes.Select((n, i) => $"--- node {i} ({n.HttpPort}):\n{n.Log.Since(0, 80)}"));
}
