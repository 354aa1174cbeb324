using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// Two masters and two slaves on loopback: listeners on both slaves get the same chunks of every channel (looped, pulled,
/// pushed by ffmpeg), ride out a <c>kill -9</c> of the owning master without disconnecting, do not notice a third
/// master taking over part of the shards, and keep playing while that master is frozen past its lease, which never
/// leaves a channel with two owners; the CLI tells the truth at each step.
/// </summary>
public sealed class RelayClusterTests(ITestOutputHelper output)
{
    private const long ChunkBytes = 16_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    /// <summary>
    /// The longest a slave's listener may go without audio while its channel changes hands: the bound. The
    /// failover itself (Akka marking the owner unreachable, a survivor taking the shard's lease, the channel recovering,
    /// the relay reconnecting) takes about 5–6 s here (docs/benchmarks.md, "Failover gap"); the relay's 8 s delay
    /// behind live carries the listener through it, so what is measured is the spacing of paced chunks.
    /// </summary>
    private static readonly TimeSpan FailoverLimit = TimeSpan.FromSeconds(3);

    /// <summary>The shipped <c>airwave.relay.delay</c>, which these nodes keep.</summary>
    private static readonly TimeSpan RelayDelay = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Slaves_relay_the_same_chunks_and_their_listeners_ride_out_a_killed_owner_a_joining_master_and_a_frozen_one()
    {
        await using var cluster = await FourNodeCluster.StartAsync();
        var listeners = new List<(string Channel, NodeProcess Slave, RecordingListener Listener)>();
        ChildProcess? source = null;
        try
        {
            var pushedOwner = await cluster.OwnerAsync("pushed");
            source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, FourNodeCluster.SourceUrl(pushedOwner, "pushed"), "audio/mpeg", "mp3", pushedOwner.Log, loop: true);
            foreach (var channel in FourNodeCluster.Channels)
            {
                // As on air, the channel has run longer than the relay delay, so a relayed listener starts the whole delay behind.
                var owner = await cluster.OwnerAsync(channel);
                await Poll.UntilAsync(() => owner.ChannelAsync(channel), c => c.GetProperty("bufferSeconds").GetDouble() >= RelayDelay.TotalSeconds + 2,
                    Patience, $"/{channel} holding more than the relay delay", cluster.Logs);
                foreach (var slave in cluster.Slaves)
                {
                    listeners.Add((channel, slave, await RecordingListener.ConnectAsync(slave.Http("/" + channel))));
                }
            }

            await Task.WhenAll(listeners.Select(l => l.Listener.WaitForMoreAsync(6 * ChunkBytes, Patience)));
            foreach (var channel in FourNodeCluster.Channels)
            {
                var pair = listeners.Where(l => l.Channel == channel).Select(l => l.Listener.Received()).ToList();
                Assert.True(SharedRun(pair[0], pair[1]) >= 4 * ChunkBytes, $"/{channel}: the two slaves' listeners did not get the same bytes");
            }

            await AssertSameHlsAsync(cluster.Slaves[0], cluster.Slaves[1], "looped");
            await AssertChannelAddedOnOneMasterPlaysOnASlaveAsync(cluster);
            await AssertSlaveServesTitlesTimeShiftAndDownloadsAsync(cluster.Slaves);
            await AssertClusterShowAsync(cluster.Slaves[0], up: 4, unreachable: 0);
            var spread = await RegionShardsAsync(cluster.Slaves[1]);
            Assert.Equal(cluster.Masters.Select(Address).Order(), spread.Keys.Order());
            Assert.All(spread.Values, shards => Assert.True(shards >= 1));

            var killed = await cluster.OwnerAsync("looped");
            var survivor = cluster.Masters.Single(m => m != killed);
            var before = (await cluster.Slaves[0].ChannelAsync("looped")).GetProperty("lastSeq").GetInt64();
            var moved = new List<string>();
            foreach (var channel in FourNodeCluster.Channels)
            {
                if (await cluster.OwnerAsync(channel) == killed)
                {
                    moved.Add(channel);
                }
            }

            var mark = Stopwatch.GetTimestamp();
            await killed.KillAsync();
            if (moved.Contains("pushed"))
            {
                // The encoder reconnects, as a real one does through the masters' load balancer.
                await source.DisposeAsync();
                await cluster.OwnerAsync("pushed");
                source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, FourNodeCluster.SourceUrl(survivor, "pushed"), "audio/mpeg", "mp3", survivor.Log, loop: true);
            }

            await Task.WhenAll(listeners.Select(l => l.Listener.WaitForMoreAsync(6 * ChunkBytes, Patience)));
            foreach (var (channel, slave, listener) in listeners.Where(l => moved.Contains(l.Channel) && l.Channel != "pushed"))
            {
                var stall = listener.LongestStallSince(mark);
                output.WriteLine($"failover gap of /{channel} on slave {slave.HttpPort}: {stall.TotalMilliseconds:0} ms");
                Assert.True(stall < FailoverLimit, $"/{channel} on a slave stalled {stall.TotalSeconds:0.0} s after the owner was killed");
            }

            Assert.All(listeners, l => Assert.False(l.Listener.Ended, $"/{l.Channel} listener ended: {l.Listener.Error}"));
            // Listeners play the relay delay behind the owner, so they hear no gap while the survivor is still starting the channel.
            // Chunks the dead owner sent just before the kill may still arrive: the relay has moved once it follows the survivor.
            var survivorAddress = "127.0.0.1:" + survivor.HttpPort.ToString(CultureInfo.InvariantCulture);
            await Poll.UntilAsync(
                () => cluster.Slaves[0].ChannelAsync("looped"),
                c => c.GetProperty("relay").GetProperty("owner").GetString() == survivorAddress && c.GetProperty("lastSeq").GetInt64() > before,
                Patience,
                "the relay to follow the survivor with its sequence past the kill",
                cluster.Logs);
            // The split-brain resolver downed the dead master and the leader removed it.
            await AssertClusterShowAsync(cluster.Slaves[0], up: 3, unreachable: 0);
            // Every remembered channel runs on the survivor now.
            await Poll.UntilAsync(() => RegionShardsAsync(cluster.Slaves[0]), s => s.Count == 1 && s.GetValueOrDefault(Address(survivor)) >= FourNodeCluster.Channels.Length,
                Patience, "the survivor hosting every channel's shard", cluster.Logs);

            var joined = await cluster.StartMasterAsync();
            var joinMark = Stopwatch.GetTimestamp();
            await Poll.UntilAsync(() => RegionShardsAsync(cluster.Slaves[1]), s => s.GetValueOrDefault(Address(joined)) >= 1, Patience, "the new master hosting shards", cluster.Logs);
            await Task.WhenAll(listeners.Select(l => l.Channel == "pushed" ? MoreWithEncoderAsync(l.Listener) : l.Listener.WaitForMoreAsync(4 * ChunkBytes, Patience)));
            foreach (var (channel, slave, listener) in listeners.Where(l => l.Channel != "pushed"))
            {
                var stall = listener.LongestStallSince(joinMark);
                output.WriteLine($"longest stall of /{channel} on slave {slave.HttpPort} while the new master joined: {stall.TotalMilliseconds:0} ms");
                Assert.True(stall < FailoverLimit, $"/{channel} stalled {stall.TotalSeconds:0.0} s while a master joined");
            }

            Assert.All(listeners, l => Assert.False(l.Listener.Ended, $"/{l.Channel} listener ended: {l.Listener.Error}"));
            await AssertClusterShowAsync(cluster.Slaves[1], up: 4, unreachable: 0);
            await ReconnectEncoderIfDroppedAsync();

            await joined.SignalAsync("STOP");
            await Task.Delay(TimeSpan.FromSeconds(5));
            await joined.SignalAsync("CONT");
            await AssertNeverTwoOwnersAsync(cluster, TimeSpan.FromSeconds(6));
            await Task.WhenAll(listeners.Select(l => l.Channel == "pushed" ? MoreWithEncoderAsync(l.Listener) : l.Listener.WaitForMoreAsync(4 * ChunkBytes, Patience)));
            Assert.All(listeners, l => Assert.False(l.Listener.Ended, $"/{l.Channel} listener ended after the freeze: {l.Listener.Error}"));

            // /pushed moves when a master joins (a handoff closes the encoder's connection on the old owner); a real
            // encoder reconnects, here through the survivor, which forwards it to the owner.
            async Task ReconnectEncoderIfDroppedAsync()
            {
                if (source.HasExited)
                {
                    await source.DisposeAsync();
                    source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, FourNodeCluster.SourceUrl(survivor, "pushed"), "audio/mpeg", "mp3", survivor.Log, loop: true);
                }
            }

            // The /pushed listener gets more audio only once the encoder is back, if the handoff dropped it meanwhile.
            async Task MoreWithEncoderAsync(RecordingListener listener)
            {
                var target = listener.Bytes + (4 * ChunkBytes);
                await Poll.UntilAsync(
                    async () =>
                    {
                        await ReconnectEncoderIfDroppedAsync();
                        return listener.Bytes;
                    },
                    bytes => bytes >= target,
                    Patience,
                    "more of /pushed, with the encoder reconnected if a handoff dropped it",
                    cluster.Logs);
            }
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Listener.Dispose();
            }

            if (source is not null)
            {
                await source.DisposeAsync();
            }

            output.WriteLine(cluster.Logs());
        }
    }

    /// <summary>A title sent to one slave (passed to the owner) reaches an ICY listener of the other; <c>?offset=</c> plays from a slave's replica; a slave passes a download to the owner's archive.</summary>
    private static async Task AssertSlaveServesTitlesTimeShiftAndDownloadsAsync(List<NodeProcess> slaves)
    {
        const string Title = "Relayed title";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using (var update = new HttpRequestMessage(HttpMethod.Get, slaves[1].Http("/admin/metadata?mount=/pushed&mode=updinfo&song=" + Uri.EscapeDataString(Title))))
        {
            update.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("source:" + FourNodeCluster.SourcePassword)));
            using var updated = await http.SendAsync(update);
            Assert.Equal(200, (int)updated.StatusCode);
        }

        await Poll.UntilAsync(async () => (await slaves[0].ChannelAsync("pushed")).GetProperty("title").GetString(), t => t == Title, Patience, "the title on the slave");
        using var listen = new HttpRequestMessage(HttpMethod.Get, slaves[0].Http("/pushed"));
        listen.Headers.Add("Icy-MetaData", "1");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using (var response = await http.SendAsync(listen, HttpCompletionOption.ResponseHeadersRead, cancel.Token))
        {
            var interval = int.Parse(response.Headers.GetValues("icy-metaint").Single(), CultureInfo.InvariantCulture);
            await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
            using var audio = new MemoryStream();
            Assert.Equal($"StreamTitle='{Title}';", await new IcyStreamReader(body, interval, audio).NextMetadataAsync(cancel.Token));
        }

        using (var shifted = await http.GetAsync(slaves[1].Http("/looped?offset=6"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(200, (int)shifted.StatusCode);
            await using var body = await shifted.Content.ReadAsStreamAsync();
            var buffer = new byte[16 * 1024];
            await body.ReadExactlyAsync(buffer);
        }

        var start = (DateTime.UtcNow - TimeSpan.FromSeconds(12)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        using var download = await http.GetAsync(slaves[0].Http($"/looped/download?start={start}&duration=4"));
        Assert.Equal(200, (int)download.StatusCode);
        Assert.Equal("audio/mpeg", download.Content.Headers.ContentType?.MediaType);
        Assert.InRange((await download.Content.ReadAsByteArrayAsync()).Length, 40_000, 100_000);
    }

    /// <summary>A channel added at runtime on one master starts on its shard's owner, whichever that is, and plays on a slave.</summary>
    private static async Task AssertChannelAddedOnOneMasterPlaysOnASlaveAsync(FourNodeCluster cluster)
    {
        var body = JsonSerializer.Serialize(new { name = "added", password = "pw-added", upstreams = new[] { new { url = cluster.Upstream.Url("/stream"), type = "icecast" } } });
        using (var created = await cluster.Masters[0].Admin.PostAsync(new Uri("api/channels", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json")))
        {
            Assert.True(created.IsSuccessStatusCode, $"adding a channel answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        }

        var (listener, _) = await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return (await RecordingListener.ConnectAsync(cluster.Slaves[1].Http("/added")), 0);
                }
                catch (HttpRequestException)
                {
                    return ((RecordingListener?)null, 0);
                }
            },
            r => r.Item1 is not null,
            Patience,
            "the added channel on a slave",
            cluster.Logs);
        using (listener)
        {
            await listener!.WaitForMoreAsync(4 * ChunkBytes, Patience);
        }
    }

    /// <summary>For <paramref name="duration"/>, no channel is served as owner (200 on its <c>.m3u</c>) by two running masters.</summary>
    private static async Task AssertNeverTwoOwnersAsync(FourNodeCluster cluster, TimeSpan duration)
    {
        using var probe = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            foreach (var channel in FourNodeCluster.Channels)
            {
                var owners = 0;
                foreach (var master in cluster.Masters.Where(m => m.IsRunning))
                {
                    owners += await ServesAsOwnerAsync(probe, master, channel) ? 1 : 0;
                }

                Assert.True(owners <= 1, $"/{channel} was served as owner by {owners} masters at once");
            }
        }
    }

    /// <summary>True when <paramref name="master"/> answers the channel's playlist itself; a master the resolver downed closes its connections while it shuts down, and serves nothing.</summary>
    private static async Task<bool> ServesAsOwnerAsync(HttpClient probe, NodeProcess master, string channel)
    {
        try
        {
            using var response = await probe.GetAsync(master.Http($"/{channel}.m3u"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The length of the longest run both recordings share (each began at its own burst), found from the middle of the second.</summary>
    private static long SharedRun(byte[] first, byte[] second)
    {
        var probe = second.AsSpan(second.Length / 2, 2048);
        var at = first.AsSpan().IndexOf(probe);
        if (at < 0)
        {
            return 0;
        }

        var offset = at - (second.Length / 2);
        var start = Math.Max(0, -offset);
        var run = 0L;
        for (var i = start; i < second.Length && i + offset < first.Length; i++)
        {
            if (first[i + offset] != second[i])
            {
                return 0;
            }

            run++;
        }

        return run;
    }

    private static async Task AssertSameHlsAsync(NodeProcess a, NodeProcess b, string channel)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ofA = Segments(await http.GetStringAsync(a.Http($"/{channel}.m3u8")));
        var ofB = Segments(await http.GetStringAsync(b.Http($"/{channel}.m3u8")));
        var common = ofA.Keys.Intersect(ofB.Keys).ToList();
        Assert.True(common.Count >= 2, $"the slaves' playlists share {common.Count} segments");
        Assert.All(common, media => Assert.Equal(ofA[media].Info, ofB[media].Info));
        var last = common.Max();
        Assert.Equal(await http.GetByteArrayAsync(a.Http(ofA[last].Uri)), await http.GetByteArrayAsync(b.Http(ofB[last].Uri)));
    }

    /// <summary>Media sequence → (PDT and EXTINF lines, URI) of a live playlist.</summary>
    private static Dictionary<long, (string Info, string Uri)> Segments(string playlist)
    {
        var lines = playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var media = long.Parse(lines.Single(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal)).Split(':')[1], CultureInfo.InvariantCulture);
        var segments = new Dictionary<long, (string, string)>();
        var info = "";
        foreach (var line in lines)
        {
            if (line.StartsWith("#EXT-X-PROGRAM-DATE-TIME", StringComparison.Ordinal) || line.StartsWith("#EXTINF", StringComparison.Ordinal))
            {
                info += line;
            }
            else if (!line.StartsWith('#'))
            {
                segments[media++] = (info, line);
                info = "";
            }
        }

        return segments;
    }

    private static string Address(NodeProcess node) => node.AkkaAddress;

    /// <summary>Shards per master address, as <c>airwave cluster-sharding region-stats --json</c> prints them.</summary>
    private static async Task<Dictionary<string, int>> RegionShardsAsync(NodeProcess node)
    {
        var stats = JsonDocument.Parse(await node.CliOutputAsync("cluster-sharding", "region-stats", "--json")).RootElement;
        return stats.EnumerateArray().ToDictionary(r => r.GetProperty("node").GetString()!, r => r.GetProperty("shards").GetInt32());
    }

    private static async Task AssertClusterShowAsync(NodeProcess node, int up, int unreachable)
    {
        var (table, _) = await Poll.UntilAsync(
            async () => (await node.CliOutputAsync("cluster", "show"), 0),
            t => Count(t.Item1, "| up |") == up && Count(t.Item1, "| unreachable |") == unreachable,
            Patience,
            $"cluster show with {up} Up and {unreachable} unreachable");
        Assert.Contains($"Count: {up} nodes", table, StringComparison.Ordinal);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
