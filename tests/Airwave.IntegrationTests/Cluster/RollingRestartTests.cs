using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>Every node of a two-master, two-slave cluster restarted in turn (SIGTERM, start) while ffmpeg reads live HLS through a balancer over the slaves: the reader never errors.</summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const double ReadSeconds = 75;

    /// <summary>
    /// What the recording may lack: ffmpeg's -t counts stream time, which runs on while a restarted master hands the
    /// looped channel over (its file loop starts again on the new owner; 2-5 s per master on this 2-core machine under the
    /// suite's load), and its MP3 writer drops a frame at some segment joins (docs/protocols.md, HLS). The test proves the
    /// reader never fails; the handoff gap itself is measured in bench/relay-overhead.
    /// </summary>
    private const double HandoverAllowance = 12;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Rolling_restart_of_all_four_nodes_never_breaks_an_hls_reader()
    {
        await using var cluster = await FourNodeCluster.StartAsync();
        // As a Kubernetes Service with a readiness probe: no connection reaches a slave that is still starting.
        await using var balancer = LoopbackBalancer.Start(() => cluster.Slaves.Where(s => s.IsReady).Select(s => s.HttpPort).ToList());
        var recording = Path.Combine(Path.GetTempPath(), $"airwave-rolling-{Guid.NewGuid():N}.mp3");
        try
        {
            await cluster.OwnerAsync("looped");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Poll.UntilAsync(() => http.GetStringAsync(balancer.Http("/looped.m3u8")), p => p.Contains("#EXTINF", StringComparison.Ordinal), Patience, "a live playlist", cluster.Logs);
            var reader = FfmpegProcess.RecordAsync(balancer.Http("/looped.m3u8"), ReadSeconds, recording, TimeSpan.FromSeconds(ReadSeconds + 90));

            await Task.Delay(TimeSpan.FromSeconds(8));
            foreach (var node in cluster.Slaves.Concat(cluster.Masters).ToList())
            {
                var exit = await node.StopAsync(TimeSpan.FromSeconds(30));
                output.WriteLine($"node {node.HttpPort.ToString(CultureInfo.InvariantCulture)} stopped with {exit}");
                await node.StartAsync();
                await cluster.OwnerAsync("looped");
                // The coordinator may just be handing /looped back to this master: until its first segment it answers
                // 503 or "no HLS segments yet", and a player asks again.
                await Poll.UntilAsync(() => PlaylistOrNothingAsync(http, node), p => p.Contains("#EXTINF", StringComparison.Ordinal), Patience, "the restarted node serving the playlist", cluster.Logs);
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            var result = await reader;
            output.WriteLine("ffmpeg said: " + result.Output);
            Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");
            Assert.DoesNotContain("error", result.Output, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(recording));
            var probe = await FfmpegProcess.ProbeAsync(recording);
            output.WriteLine($"ffmpeg read {probe.DurationSeconds:0.0} s through {balancer.Connections} connections; its messages: {result.Output}");
            Assert.InRange(probe.DurationSeconds, ReadSeconds - HandoverAllowance, ReadSeconds + 3);
        }
        finally
        {
            File.Delete(recording);
            output.WriteLine(cluster.Logs());
        }
    }

    private static async Task<string> PlaylistOrNothingAsync(HttpClient http, NodeProcess node)
    {
        try
        {
            return await http.GetStringAsync(node.Http("/looped.m3u8"));
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
