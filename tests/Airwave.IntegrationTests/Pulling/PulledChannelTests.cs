using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Pulling;

/// <summary>Pulled channels against real peers: an Icecast 2 relay with titles, failover/fail-back/switch, a live HLS window with breaks, an MPEG-TS stream.</summary>
[Collection("pulled channels")]
public sealed class PulledChannelTests(PullNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output)
{
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Icecast_relay_carries_audio_and_titles_from_a_real_icecast()
    {
        await node.WaitForSourceAudioAsync("iceRelay", 1, TimeSpan.FromSeconds(40));
        const string Title = "Relay Testers - Pulled Through Icecast";
        await fixture.Icecast.SetTitleAsync("/up.mp3", Title);

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var listen = new HttpRequestMessage(HttpMethod.Get, node.Http("/iceRelay"));
        listen.Headers.Add("Icy-MetaData", "1");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        using var response = await http.SendAsync(listen, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("4000", response.Headers.GetValues("icy-metaint").Single());
        await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
        using var audio = new MemoryStream();
        var reader = new IcyStreamReader(body, 4000, audio);
        string metadata;
        do
        {
            metadata = await reader.NextMetadataAsync(cancel.Token);
        }
        while (!metadata.Contains(Title, StringComparison.Ordinal));

        await reader.ReadAudioAsync(8 * 4000, cancel.Token);
        var file = Path.Combine(node.RootDirectory, "ice-relay.mp3");
        await File.WriteAllBytesAsync(file, audio.ToArray(), cancel.Token);
        Assert.Equal("mp3", (await FfmpegProcess.ProbeAsync(file)).Codec);
    }

    [Fact]
    public async Task Failover_fail_back_and_switch_keep_the_listener_fed()
    {
        await UntilActiveAsync("failover", 0, "streaming");
        await using var listener = await TimedListener.ConnectAsync(node.Http("/failover"));
        await listener.WaitForBytesAsync(32_000);

        fixture.Primary.Kill();
        var failedOver = await UntilActiveAsync("failover", 1, "streaming");
        Assert.Equal("failed", failedOver.GetProperty("upstreams")[0].GetProperty("state").GetString());
        await listener.WaitForMoreBytesAsync(8_000);

        fixture.Primary.Resume();
        await UntilActiveAsync("failover", 0, "streaming", TimeSpan.FromSeconds(30));
        await listener.WaitForMoreBytesAsync(16_000);

        using (var switched = await node.Admin.PostAsJsonAsync("api/channels/failover/switch", new { url = fixture.Backup.Url("/stream") }))
        {
            Assert.Equal(200, (int)switched.StatusCode);
        }

        var afterSwitch = await UntilActiveAsync("failover", 1, "streaming");
        Assert.True(afterSwitch.GetProperty("upstreams")[1].GetProperty("preferred").GetBoolean());
        await listener.WaitForMoreBytesAsync(4_000);

        using (var next = await node.Admin.PostAsync("api/channels/failover/next", null))
        {
            Assert.Equal(200, (int)next.StatusCode);
        }

        await UntilActiveAsync("failover", 0, "streaming");
        await listener.WaitForMoreBytesAsync(16_000);

        var file = Path.Combine(node.RootDirectory, "failover.mp3");
        await listener.SaveAsync(file);
        Assert.Equal("mp3", (await FfmpegProcess.ProbeAsync(file)).Codec);
        // The failover itself is bounded by no-data-timeout (3 s); on top, the node holds a live listener's audio back for
        // up to one send-interval (1 s by default) by design, so the last audio before the kill may have left that early.
        var budget = TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(1);
        Assert.True(listener.LongestGap < budget, $"the listener waited {listener.LongestGap.TotalSeconds:0.0}s for audio; failover (3 s) and send-interval (1 s) allow {budget.TotalSeconds:0}s");
        var seq = await node.ChannelAsync("failover");
        Assert.True(seq.LastSeq() > 0);
    }

    [Fact]
    public async Task Hls_upstream_survives_a_discontinuity_and_a_media_sequence_reset()
    {
        using var advancing = new CancellationTokenSource();
        var window = fixture.Hls;
        var clock = Task.Run(async () =>
        {
            for (var step = 1; !advancing.IsCancellationRequested; step++)
            {
                await Task.Delay(2000, advancing.Token);
                if (step == 4)
                {
                    window.Discontinuity();
                }

                if (step == 8)
                {
                    window.Restart();
                }
                else
                {
                    window.Advance();
                }
            }
        });
        try
        {
            await node.WaitForSourceAudioAsync("hlsup", 2, TimeSpan.FromSeconds(30));
            var recording = Path.Combine(node.RootDirectory, "hls-relay.ts");
            var recorded = await FfmpegProcess.RecordAsync(node.Http("/hlsup"), 20, recording, TimeSpan.FromSeconds(60));
            Assert.True(recorded.ExitCode == 0, recorded.Output);
            var streams = await StreamsAsync(recording);
            Assert.Contains("h264", streams, StringComparison.Ordinal);
            Assert.Contains("aac", streams, StringComparison.Ordinal);
            await Poll.UntilAsync(() => Task.FromResult(node.Log.Contains("media sequence went back")), seen => seen, TimeSpan.FromSeconds(30), "the reset in the log");
            var status = await node.ChannelAsync("hlsup");
            Assert.Equal("video/mp2t", status.GetProperty("contentType").GetString());
            var upstreams = await node.GetAdminJsonAsync("api/channels/hlsup/upstreams");
            Assert.Equal("streaming", upstreams.GetProperty("upstreams")[0].GetProperty("state").GetString());
        }
        finally
        {
            await advancing.CancelAsync();
            await clock.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task Ts_upstream_is_served_as_mpeg_ts_without_icy_metadata()
    {
        await node.WaitForSourceAudioAsync("tv", 2, TimeSpan.FromSeconds(30));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Head, node.Http("/tv"));
        request.Headers.Add("Icy-MetaData", "1");
        using var head = await http.SendAsync(request);
        Assert.Equal("video/mp2t", head.Content.Headers.ContentType?.MediaType);
        Assert.False(head.Headers.Contains("icy-metaint"));

        var recording = Path.Combine(node.RootDirectory, "tv.ts");
        var recorded = await FfmpegProcess.RecordAsync(node.Http("/tv"), 5, recording, TimeSpan.FromSeconds(40));
        Assert.True(recorded.ExitCode == 0, recorded.Output);
        var streams = await StreamsAsync(recording);
        Assert.Contains("h264", streams, StringComparison.Ordinal);
        Assert.Contains("aac", streams, StringComparison.Ordinal);
    }

    private async Task<JsonElement> UntilActiveAsync(string channel, int index, string state, TimeSpan? timeout = null) =>
        await Poll.UntilAsync(
            () => node.GetAdminJsonAsync($"api/channels/{channel}/upstreams"),
            u => u.GetProperty("active").GetInt32() == index && u.GetProperty("upstreams")[index].GetProperty("state").GetString() == state,
            timeout ?? TimeSpan.FromSeconds(20),
            $"{channel} streaming from upstream {index}");

    private static async Task<string> StreamsAsync(string file)
    {
        var probe = await ChildProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file], TimeSpan.FromSeconds(30));
        return probe.Output;
    }

    /// <summary>Reads a stream into memory and remembers the longest wait between reads.</summary>
    private sealed class TimedListener : IAsyncDisposable
    {
        private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
        private readonly CancellationTokenSource stop = new();
        private readonly MemoryStream received = new();
        private readonly Lock gate = new();
        private Task reading = Task.CompletedTask;
        private long longestGapTicks;

        public TimeSpan LongestGap => TimeSpan.FromTicks(Interlocked.Read(ref longestGapTicks));

        private long Bytes
        {
            get
            {
                lock (gate)
                {
                    return received.Length;
                }
            }
        }

        public static async Task<TimedListener> ConnectAsync(Uri url)
        {
            var listener = new TimedListener();
            var response = await listener.http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            listener.reading = listener.ReadAsync(response);
            return listener;
        }

        public Task<long> WaitForBytesAsync(long total) =>
            Poll.UntilAsync(() => Task.FromResult(Bytes), b => b >= total, TimeSpan.FromSeconds(30), $"{total} bytes on the listener");

        public async Task WaitForMoreBytesAsync(long more)
        {
            var target = Bytes + more;
            await WaitForBytesAsync(target);
        }

        public async Task SaveAsync(string file)
        {
            byte[] bytes;
            lock (gate)
            {
                bytes = received.ToArray();
            }

            await File.WriteAllBytesAsync(file, bytes);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await reading.ContinueWith(_ => { }, TaskScheduler.Default);
            http.Dispose();
            stop.Dispose();
        }

        private async Task ReadAsync(HttpResponseMessage response)
        {
            using (response)
            {
                var buffer = new byte[16 * 1024];
                var watch = Stopwatch.StartNew();
                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
                    int read;
                    while ((read = await body.ReadAsync(buffer, stop.Token)) > 0)
                    {
                        var gap = watch.Elapsed.Ticks;
                        watch.Restart();
                        if (gap > Interlocked.Read(ref longestGapTicks))
                        {
                            Interlocked.Exchange(ref longestGapTicks, gap);
                        }

                        lock (gate)
                        {
                            received.Write(buffer, 0, read);
                        }
                    }
                }
                catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
                {
                }
            }
        }
    }
}
