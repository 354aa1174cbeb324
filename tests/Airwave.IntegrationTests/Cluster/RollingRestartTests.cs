using System.Globalization;
using System.Text.RegularExpressions;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// Every node of a two-master, two-slave cluster restarted in turn (SIGTERM, start) while ffmpeg reads live HLS through a
/// balancer over the slaves: the reader never fails, and every playlist numbers its segments in order without skipping a
/// reserved block, also across the handoffs (a master stopping in order hands its unused segment numbers back; what
/// remains is the new owner numbering the history it refilled from the archive, docs/protocols.md).
/// </summary>
/// <remarks>
/// That renumbering is also why the reader may skip one segment: a slave whose relay closed for want of listeners and
/// reopens across a handoff catches up from the new owner, under the new owner's numbers, so a segment the other slave
/// listed under the old owner's is 404 there when the balancer sends the reader to it (docs/protocols.md, "Known gaps";
/// seen in one fresh-clone run of the suite). One such 404 is allowed; any other error fails.
/// </remarks>
public sealed partial class RollingRestartTests(ITestOutputHelper output)
{
    private const double ReadSeconds = 75;

    /// <summary>
    /// What the recording may lack: ffmpeg's -t counts stream time, which runs on while a restarted master hands the
    /// looped channel over (its file loop starts again on the new owner; 2-5 s per master on this 2-core machine under the
    /// suite's load, and each master's restart hands it over twice), and its MP3 writer drops a frame at some segment joins
    /// (docs/protocols.md, HLS). Unloaded it read 70.9-72.5 s; a fresh-clone run under the whole suite read 62.8 s. The
    /// test proves the reader never fails; the handoff gap itself is measured in bench/relay-overhead.
    /// </summary>
    private const double HandoverAllowance = 15;

    /// <summary>Segment numbers are reserved in blocks this big (SegmentSequence.MediaBlockSize); a new owner used to start a block higher.</summary>
    private const long ReservedBlock = 1000;
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
            using var stopWatching = new CancellationTokenSource();
            var playlists = WatchPlaylistsAsync(http, balancer.Http("/looped.m3u8"), stopWatching.Token);

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
            await stopWatching.CancelAsync();
            var seen = await playlists;
            output.WriteLine("ffmpeg said: " + result.Output);
            Assert.True(seen.Count > 20, $"only {seen.Count} playlists were read");
            foreach (var numbers in seen)
            {
                Assert.True(
                    numbers.Zip(numbers.Skip(1)).All(pair => pair.Second > pair.First && pair.Second - pair.First < ReservedBlock),
                    "a playlist skips a block of segment numbers: " + string.Join(", ", numbers));
            }

            Assert.True(result.ExitCode == 0, $"ffmpeg exited {result.ExitCode}: {result.Output}");
            var renumbered = RenumberedSegment().Matches(result.Output);
            Assert.True(renumbered.Count <= 1, $"ffmpeg skipped {renumbered.Count} segments: {result.Output}");
            Assert.DoesNotContain("error", RenumberedSegment().Replace(result.Output, ""), StringComparison.OrdinalIgnoreCase);
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

    /// <summary>Reads the playlist every second until cancelled; returns each answer's segment numbers (from the segment names).</summary>
    private static async Task<List<List<long>>> WatchPlaylistsAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        var seen = new List<List<long>>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var playlist = await http.GetStringAsync(url, cancellationToken);
                seen.Add([.. SegmentName().Matches(playlist).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))]);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (HttpRequestException)
            {
                // A node between stop and start, or a channel changing hands: a player asks again.
            }
            catch (OperationCanceledException)
            {
            }
        }

        return seen;
    }

    [GeneratedRegex(@"/looped/hls/(\d+)\.")]
    private static partial Regex SegmentName();

    /// <summary>ffmpeg's two lines for a segment a slave answered 404: the HTTP error, then the segment it skips.</summary>
    [GeneratedRegex(@"\[http @ \w+\] HTTP error 404 Not Found\r?\n\[hls @ \w+\] Failed to open segment \d+ of playlist \d+(\r?\n|$)")]
    private static partial Regex RenumberedSegment();

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
