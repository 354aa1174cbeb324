using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;
using Airwave.IntegrationTests.Metrics;

namespace Airwave.IntegrationTests.Monitoring;

/// <summary>The status push end to end: a real node looping the demo chime, real listeners, an in-test receiver that is up or comes up late.</summary>
public sealed class StatusPushTests(ITestOutputHelper output) : NodePerTest(output)
{
    private const string NodeName = "monitor-node";
    private const string Token = "Bearer monitor-secret-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly int receiverPort = FreePorts.Next();

    private protected override NodeOptions Options => new()
    {
        Config = $$"""
            airwave {
              node-name = {{NodeName}}
              alerts { check-interval = 1s, sourceless-after = 1s, disk-percent = 100 }
              monitoring {
                status-url = "http://127.0.0.1:{{receiverPort}}/status"
                status-interval = 1s
                headers { authorization = "{{Token}}" }
              }
              channels {
                demo { loop-file = "assets/demo.mp3" }
                live { password = hackme }
              }
            }
            """,
    };

    [Fact]
    public async Task Each_push_is_one_document_of_the_node_its_channels_listeners_by_output_totals_and_alerts_with_the_configured_header()
    {
        using var receiver = MonitorReceiver.Start(receiverPort);
        using var raw = await RawListenerClient.GetAsync(Node.HttpPort, "/demo");
        using var icy = await RawListenerClient.GetAsync(Node.HttpPort, "/demo", "HTTP/1.0", "Icy-MetaData: 1");
        await PlayHlsAsync("monitor-player");

        var push = await Poll.UntilAsync(
            () => Task.FromResult(receiver.Pushes("/status").LastOrDefault()),
            p => p is not null && Listeners(Channel(p.Body, "demo")) is (1, 1, 1, 0) && p.Body.GetProperty("alerts").GetArrayLength() > 0,
            Patience, "a status push counting the raw, ICY and HLS listener of /demo and the sourceless alert of /live", () => Node.Log.Text);

        Assert.Equal(Token, push!.Authorization);
        var node = push.Body.GetProperty("node");
        Assert.Equal(NodeName, node.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(node.GetProperty("version").GetString()));
        Assert.Equal(["master", "slave"], node.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var demo = Channel(push.Body, "demo");
        Assert.Equal("connected", demo.GetProperty("status").GetProperty("source").GetString());
        Assert.Equal(2, demo.GetProperty("status").GetProperty("listeners").GetInt32());
        Assert.Equal(JsonValueKind.Null, demo.GetProperty("upstreams").ValueKind);
        Assert.NotEqual("connected", Channel(push.Body, "live").GetProperty("status").GetProperty("source").GetString());

        var totals = push.Body.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("channels").GetInt32());
        Assert.Equal(1, totals.GetProperty("sourcesConnected").GetInt32());
        Assert.Equal((1, 1, 1, 0), Listeners(totals));
        Assert.Equal(3, totals.GetProperty("listeners").GetProperty("total").GetInt32());

        var alert = Assert.Single(push.Body.GetProperty("alerts").EnumerateArray());
        Assert.Equal("sourceless", alert.GetProperty("condition").GetString());
        Assert.Equal("live", alert.GetProperty("channel").GetString());
        Assert.Equal(1, totals.GetProperty("alertsFiring").GetInt32());

        var scrape = await MetricsScrape.ListenerPortAsync(Node);
        Assert.True(scrape.Value("airwave_monitoring_pushes_total", ("document", "status")) >= 1, "the delivered pushes are counted");
    }

    [Fact]
    public async Task A_pulled_channel_is_pushed_with_its_upstreams_health_and_active_upstream_without_credentials_in_their_urls()
    {
        using var receiver = MonitorReceiver.Start(receiverPort);
        // Port 9 (discard) refuses connections on loopback: the first upstream fails and the channel moves to the node's own /demo.
        var own = $"http://monitor:s3cret-password@127.0.0.1:{Node.HttpPort.ToString(CultureInfo.InvariantCulture)}/demo";
        using (var added = await Node.Admin.PostAsJsonAsync(
            new Uri("api/channels", UriKind.Relative), new { name = "pulled", upstreams = new[] { new { url = "http://127.0.0.1:9/dead" }, new { url = own + "?token=s3cret-token" } } }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var push = await Poll.UntilAsync(
            () => Task.FromResult(receiver.Pushes("/status").LastOrDefault(p => p.Body.GetProperty("channels").EnumerateArray().Any(c => c.GetProperty("status").GetProperty("id").GetString() == "pulled"))),
            p => p is not null && Channel(p.Body, "pulled").GetProperty("upstreams") is { ValueKind: JsonValueKind.Object } u && u.GetProperty("active").GetInt32() == 1
                && u.GetProperty("upstreams")[1].GetProperty("state").GetString() == "streaming",
            Patience, "a status push showing /pulled streaming from its second upstream", () => Node.Log.Text);

        var upstreams = Channel(push!.Body, "pulled").GetProperty("upstreams");
        Assert.True(upstreams.GetProperty("failovers").GetInt64() >= 1, "the failure of the first upstream was a failover");
        Assert.NotEqual("streaming", upstreams.GetProperty("upstreams")[0].GetProperty("state").GetString());
        Assert.Contains("Connection refused", upstreams.GetProperty("upstreams")[0].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal($"http://127.0.0.1:{Node.HttpPort.ToString(CultureInfo.InvariantCulture)}/demo", upstreams.GetProperty("upstreams")[1].GetProperty("url").GetString());
        Assert.Equal($"http://127.0.0.1:{Node.HttpPort.ToString(CultureInfo.InvariantCulture)}/demo", Channel(push.Body, "pulled").GetProperty("status").GetProperty("sourceClient").GetString());
        Assert.DoesNotContain("s3cret", push.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_logged_once_and_gets_one_current_document_per_push_once_it_is_up()
    {
        // No receiver yet: the node's pushes fail, and keep failing.
        await MetricsScrape.UntilAsync(Node, m => m.Value("airwave_monitoring_push_failures_total", ("document", "status")) >= 3, "three failed status pushes");
        Assert.Single(FailureLines());

        var up = DateTime.UtcNow;
        using var receiver = MonitorReceiver.Start(receiverPort);
        var pushes = await Poll.UntilAsync(() => Task.FromResult(receiver.Pushes("/status")), p => p.Count >= 3, Patience, "three status pushes after the receiver came up", () => Node.Log.Text);

        // Nothing read during the outage was kept for later: at least three documents failed before the receiver came up,
        // and at most one read before it was delivered (one read just before the listener started, sent just after).
        var readBefore = pushes.Count(p => p.Body.GetProperty("pushedUtc").GetDateTime().ToUniversalTime() < up);
        Assert.True(readBefore <= 1, $"{readBefore} documents read during the outage were delivered after it");
        var read = pushes.Select(p => p.Body.GetProperty("pushedUtc").GetDateTime()).ToList();
        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.Single(FailureLines());
        Assert.Single(Node.Log.Text.Split('\n'), l => l.Contains("the status push to", StringComparison.Ordinal) && l.Contains("succeeded again", StringComparison.Ordinal));
    }

    /// <summary>Plays /demo over HLS as a player with session id <paramref name="session"/>: the playlist, then its first segment.</summary>
    private async Task PlayHlsAsync(string session)
    {
        // The playlist answers 503 until the channel's first segment closed.
        await Node.WaitForChannelAsync("demo", c => c.GetProperty("hlsMediaSequence").ValueKind == JsonValueKind.Number, "a first HLS segment of /demo");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Playback-Session-Id", session);
        var segment = await Poll.UntilAsync(
            async () => (await http.GetStringAsync(Node.Http("/demo.m3u8"))).Split('\n').FirstOrDefault(line => line.StartsWith("/demo/hls/", StringComparison.Ordinal)),
            path => path is not null,
            Patience,
            "a segment in the playlist of /demo");
        Assert.NotEmpty(await http.GetByteArrayAsync(Node.Http(segment!)));
    }

    private string[] FailureLines() =>
        [.. Node.Log.Text.Split('\n').Where(l => l.Contains("the status push to", StringComparison.Ordinal) && l.Contains(" failed (", StringComparison.Ordinal))];

    private static JsonElement Channel(JsonElement document, string id) =>
        document.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("status").GetProperty("id").GetString() == id);

    private static (int Raw, int Icy, int Hls, int Download) Listeners(JsonElement owner)
    {
        var counts = owner.TryGetProperty("listenersByOutput", out var byOutput) ? byOutput : owner.GetProperty("listeners");
        return (counts.GetProperty("raw").GetInt32(), counts.GetProperty("icy").GetInt32(), counts.GetProperty("hls").GetInt32(), counts.GetProperty("download").GetInt32());
    }
}
