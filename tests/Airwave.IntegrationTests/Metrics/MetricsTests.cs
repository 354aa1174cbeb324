using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Metrics;

/// <summary><c>GET /metrics</c> on a real node: the numbers follow real sources and listeners, on both ports, in a format Prometheus reads.</summary>
public sealed class MetricsTests(MetricsNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<MetricsNode>
{
    private const string Listeners = "airwave_listeners";
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Listener_counts_per_channel_and_output_follow_raw_icy_and_hls_listeners_as_they_come_and_leave()
    {
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw@127.0.0.1:{node.HttpPort}/counted", "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("counted", 1);

        var raw = new List<RawListenerClient>();
        var icy = new List<RawListenerClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                raw.Add(await RawListenerClient.GetAsync(node.HttpPort, "/counted"));
            }

            for (var i = 0; i < 2; i++)
            {
                icy.Add(await RawListenerClient.GetAsync(node.HttpPort, "/counted", "HTTP/1.0", "Icy-MetaData: 1"));
            }

            Assert.All(raw.Concat(icy), l => Assert.Equal(200, l.Status));
            Assert.All(icy, l => Assert.Equal("4000", l.Headers["icy-metaint"]));
            await PlayHlsAsync("player-one");
            await PlayHlsAsync("player-two");

            var connected = await MetricsScrape.UntilAsync(
                node,
                m => m.Value(Listeners, ("channel", "counted"), ("output", "raw")) == 3 && m.Value(Listeners, ("channel", "counted"), ("output", "icy")) == 2,
                "3 raw and 2 ICY listeners on /counted");
            Assert.Equal(2, connected.Value(Listeners, ("channel", "counted"), ("output", "hls")));
            Assert.Equal(0, connected.Value(Listeners, ("channel", "counted"), ("output", "download")));
            Assert.Equal(0, connected.Value(Listeners, ("channel", "quiet"), ("output", "raw")));
            Assert.True(connected.Value("airwave_hls_segments_served_total", ("channel", "counted")) >= 2, "two HLS segments were served");
            Assert.True(connected.Value("airwave_listener_connections_total", ("channel", "counted")) >= 5, "five stream connections were accepted");
            Assert.Equal(1, connected.Value("airwave_source_connected", ("channel", "counted")));
            Assert.Equal(0, connected.Value("airwave_source_connected", ("channel", "quiet")));
            Assert.Equal(128_000 / 8, connected.Value("airwave_source_bitrate_bytes_per_second", ("channel", "counted")));
            Assert.All(connected.Where(Listeners), s => Assert.False(string.IsNullOrEmpty(s.Labels["node"]), "every series names its node"));

            var sentBefore = connected.Value("airwave_bytes_sent_total", ("channel", "counted"));
            await MetricsScrape.UntilAsync(node, m => m.Value("airwave_bytes_sent_total", ("channel", "counted")) > sentBefore, "bytes sent to grow while listeners play");
        }
        finally
        {
            foreach (var listener in raw.Concat(icy))
            {
                listener.Dispose();
            }
        }

        await MetricsScrape.UntilAsync(
            node,
            m => m.Value(Listeners, ("channel", "counted"), ("output", "raw")) == 0 && m.Value(Listeners, ("channel", "counted"), ("output", "icy")) == 0,
            "the raw and ICY listeners to be gone from the counts");
    }

    [Fact]
    public async Task Rewind_depth_grows_in_seconds_and_bytes_while_a_source_sends()
    {
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw@127.0.0.1:{node.HttpPort}/counted", "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("counted", 1);
        var first = await MetricsScrape.ListenerPortAsync(node);
        var seconds = first.Value("airwave_rewind_seconds", ("channel", "counted"))!.Value;
        var bytes = first.Value("airwave_rewind_bytes", ("channel", "counted"))!.Value;
        Assert.True(seconds > 0 && bytes > 0, $"rewind {seconds} s, {bytes} bytes after a second of audio");

        var later = await MetricsScrape.UntilAsync(node, m => m.Value("airwave_rewind_seconds", ("channel", "counted")) >= seconds + 2, "the rewind depth to grow by two seconds");

        Assert.True(later.Value("airwave_rewind_bytes", ("channel", "counted")) > bytes, "rewind bytes grew with the seconds");
        Assert.True(later.Value("airwave_channel_newest_seq", ("channel", "counted")) > first.Value("airwave_channel_newest_seq", ("channel", "counted")));
    }

    [Fact]
    public async Task A_listener_presenting_a_session_id_the_node_does_not_hold_is_one_timed_read_of_the_session_journal()
    {
        const string Reads = "airwave_journal_read_seconds_count";
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw@127.0.0.1:{node.HttpPort}/counted", "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("counted", 1);
        var before = (await MetricsScrape.ListenerPortAsync(node)).Value(Reads, ("journal", "sessions")) ?? 0;

        using (var listener = await RawListenerClient.GetAsync(node.HttpPort, $"/counted?sid=metrics-{Guid.NewGuid():N}"))
        {
            Assert.Equal(200, listener.Status);
        }

        var after = await MetricsScrape.UntilAsync(node, m => m.Value(Reads, ("journal", "sessions")) > before, "the session's read to be counted");
        Assert.Equal(before + 1, after.Value(Reads, ("journal", "sessions")));
        Assert.True(after.Value("airwave_journal_read_seconds_sum", ("journal", "sessions")) > 0, "the read took some time");
    }

    [Fact]
    public async Task A_deleted_channel_leaves_no_series_behind()
    {
        using (var added = await node.Admin.PostAsJsonAsync(new Uri("api/channels", UriKind.Relative), new { name = "fleeting", password = "pw" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var present = await MetricsScrape.UntilAsync(node, m => m.Where(Listeners, ("channel", "fleeting")).Any(), "the added channel's series");
        Assert.Equal(4, present.Where(Listeners, ("channel", "fleeting")).Count());

        using (var removed = await node.Admin.DeleteAsync(new Uri("api/channels/fleeting", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        var after = await MetricsScrape.ListenerPortAsync(node);
        Assert.DoesNotContain(after.Samples, s => s.Labels.TryGetValue("channel", out var channel) && channel == "fleeting");
        Assert.NotEmpty(after.Where(Listeners, ("channel", "quiet")));
    }

    [Fact]
    public async Task The_admin_port_serves_the_same_series_to_a_read_only_token_and_refuses_a_scraper_without_one()
    {
        var listenerPort = await MetricsScrape.ListenerPortAsync(node);
        var adminPort = await MetricsScrape.AdminPortAsync(node, MetricsNode.ScraperToken);

        Assert.Equal(Families(listenerPort), Families(adminPort));
        Assert.Equal(listenerPort.Value(Listeners, ("channel", "quiet"), ("output", "raw")), adminPort.Value(Listeners, ("channel", "quiet"), ("output", "raw")));
        Assert.Equal(1, adminPort.Value("airwave_cluster_members", ("status", "up"), ("role", "master")));
        Assert.Equal(100, adminPort.Value("airwave_shards", ("region", "channels")));
        using var anonymous = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var refused = await anonymous.GetAsync(new Uri($"http://127.0.0.1:{node.AdminPort}/metrics"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Every_family_has_a_type_and_promtool_accepts_the_exposition()
    {
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw@127.0.0.1:{node.HttpPort}/counted", "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("counted", 1);
        var text = await MetricsScrape.TextAsync(node.Http("/metrics"), token: null);
        var parsed = Exposition.Parse(text);

        Assert.All(parsed.Samples, s => Assert.StartsWith("airwave_", s.Name, StringComparison.Ordinal));
        Assert.Equal("counter", parsed.Types["airwave_bytes_sent_total"]);
        Assert.Equal("gauge", parsed.Types[Listeners]);
        Assert.Equal("histogram", parsed.Types["airwave_journal_write_seconds"]);

        var file = Path.Combine(node.RootDirectory, "scrape.prom");
        await File.WriteAllTextAsync(file, text);
        var checkedText = await ChildProcess.RunAsync("bash", ["-c", "promtool check metrics < \"$0\"", file], TimeSpan.FromSeconds(30));
        Assert.True(checkedText.ExitCode == 0, $"promtool check metrics failed ({checkedText.ExitCode}): {checkedText.Output}");
    }

    private static string[] Families(Exposition exposition) => [.. exposition.Types.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Plays /counted over HLS as a player with session id <paramref name="session"/>: the playlist, then its first segment.</summary>
    private async Task PlayHlsAsync(string session)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Playback-Session-Id", session);
        // A fresh node answers 503 until the channel's first segment closed.
        var segment = await Poll.UntilAsync(
            async () =>
            {
                using var playlist = await http.GetAsync(node.Http("/counted.m3u8"));
                return playlist.StatusCode == HttpStatusCode.ServiceUnavailable
                    ? null
                    : (await playlist.EnsureSuccessStatusCode().Content.ReadAsStringAsync()).Split('\n').FirstOrDefault(line => line.StartsWith("/counted/hls/", StringComparison.Ordinal));
            },
            path => path is not null,
            ChannelWaits.Generous,
            "a segment in the playlist of /counted");
        var bytes = await http.GetByteArrayAsync(node.Http(segment!));
        Assert.True(bytes.Length > 0, string.Create(CultureInfo.InvariantCulture, $"segment {segment} was empty"));
    }
}
