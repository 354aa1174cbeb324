using System.Net;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// Two masters and a slave with three looping channels, each with an AAC rendition: a rendition always runs on the
/// master that owns its source (its entity lives in its source's shard), moves with it, and a slave relays it like any channel.
/// </summary>
public sealed class RenditionClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Channels = ["r1", "r2", "r3"];

    [Fact]
    public async Task A_rendition_runs_and_moves_with_its_source_and_a_slave_relays_it()
    {
        await using var database = new ClusterDatabase();
        var environment = database.ShardedNodeEnvironment();
        var channels = "airwave.channels {\n" + string.Concat(Channels.Select(c =>
            $"  {c} {{ loop-file = \"assets/demo.mp3\", renditions = [ {{ name = aac32, codec = aac, bitrate = 32k }} ] }}\n")) + "}\n";
        await using var a = await NodeProcess.StartAsync(new NodeOptions { Config = "airwave.cluster.roles = [master]\n" + channels, Environment = environment });
        await using var b = await NodeProcess.StartAsync(new NodeOptions { Config = "airwave.cluster.roles = [master]\n" + channels, Environment = environment });
        await using var slave = await NodeProcess.StartAsync(new NodeOptions { Config = "airwave.cluster.roles = [slave]\n" + channels, Environment = environment });
        using var probe = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var owners = await Poll.UntilAsync(
                () => OwnersAsync(probe, [a, b]), found => found.Count == Channels.Length * 2, Patience, "one master serving every channel and rendition", () => a.Log.Since(0, 60));
            foreach (var channel in Channels)
            {
                Assert.Same(owners[channel], owners[channel + "-aac32"]);
            }

            var file = Path.Combine(slave.RootDirectory, "relayed.aac");
            var recorded = await FfmpegProcess.RecordAsync(slave.Http("/r1-aac32"), 4, file, Patience);
            Assert.True(recorded.ExitCode == 0, $"recording the slave's relay failed: {recorded.Output}");
            Assert.Equal("aac", (await FfmpegProcess.ProbeAsync(file)).Codec);

            // The owner of r1 leaves: r1 and its rendition move to the other master together.
            var leaving = owners["r1"];
            var staying = leaving == a ? b : a;
            Assert.Equal(0, await leaving.StopAsync(Patience));
            await Poll.UntilAsync(
                () => OwnersAsync(probe, [staying]), found => found.ContainsKey("r1") && found.ContainsKey("r1-aac32"), Patience, "r1 and r1-aac32 on the other master",
                () => staying.Log.Since(0, 60));
            await Poll.UntilAsync(
                () => TranscoderAsync(staying, "r1-aac32"), state => state == "running", Patience, "the rendition's transcoder running on its new master", () => staying.Log.Since(0, 60));
        }
        finally
        {
            output.WriteLine("node a:\n" + a.Log.Since(0) + "\nnode b:\n" + b.Log.Since(0) + "\nslave:\n" + slave.Log.Since(0));
        }
    }

    /// <summary>The master that answers each channel and rendition with 200 (a master that does not own one redirects).</summary>
    private static async Task<Dictionary<string, NodeProcess>> OwnersAsync(HttpClient probe, IReadOnlyList<NodeProcess> masters)
    {
        var owners = new Dictionary<string, NodeProcess>();
        foreach (var channel in Channels.SelectMany(c => new[] { c, c + "-aac32" }))
        {
            var serving = new List<NodeProcess>();
            foreach (var master in masters)
            {
                using var response = await probe.GetAsync(master.Http("/" + channel + ".m3u"), HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    serving.Add(master);
                }
            }

            if (serving.Count == 1)
            {
                owners[channel] = serving[0];
            }
        }

        return owners;
    }

    private static async Task<string?> TranscoderAsync(NodeProcess node, string channel)
    {
        var status = await node.ChannelAsync(channel);
        return status.TryGetProperty("rendition", out var rendition) && rendition.ValueKind == System.Text.Json.JsonValueKind.Object
            ? rendition.GetProperty("transcoder").GetString()
            : null;
    }
}
