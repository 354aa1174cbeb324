using System.Net;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>SIGTERM drains a standalone node's listeners at chunk boundaries; after a restart on the same data they resume where they stopped.</summary>
public sealed class DrainResumeTests(ITestOutputHelper output) : NodePerTest(output)
{
    /// <summary>Bytes compared on each side of the reconnection (one second of the 128 kbps demo).</summary>
    private const int Window = 16 * 1024;

    /// <summary>A 500 ms chunk of the demo: whole 418-byte frames of 128 kbps, 44.1 kHz MP3.</summary>
    private const int ChunkBytes = (16_000 / 2) + 418;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private protected override NodeOptions Options { get; } = new()
    {
        Environment = new Dictionary<string, string> { ["AIRWAVE__SESSIONS__DRAIN_DELAY"] = "2s" },
    };

    [Fact]
    public async Task A_drained_listener_resumes_after_a_restart_with_the_frames_right_after_the_last_ones_it_got()
    {
        await Node.WaitForSourceAudioAsync("demo", 12);
        using var behind = await RawListenerClient.GetAsync(Node.HttpPort, "/demo?offset=10");
        using var live = await RawListenerClient.GetAsync(Node.HttpPort, "/demo");
        var behindId = behind.Headers["X-Airwave-Session"];
        var liveId = live.Headers["X-Airwave-Session"];
        Assert.Matches("^[0-9a-f]{32}$", behindId);
        Assert.NotEqual(behindId, liveId);
        var behindCookie = behind.Headers["Set-Cookie"];
        Assert.Equal($"airwave-sid={behindId}; Path=/; HttpOnly; SameSite=Lax", behindCookie);
        await behind.WaitForBytesAsync(96 * 1024, Generous);
        await live.WaitForBytesAsync(96 * 1024, Generous);

        Assert.Equal(0, await Node.StopAsync(StopTimeout));
        await behind.WaitForEndAsync(Generous);
        await live.WaitForEndAsync(Generous);
        Assert.Equal("closed", behind.EndedBy);
        Assert.Equal("closed", live.EndedBy);
        var heard = behind.Body();
        Assert.True(Mp3Frames.AreWholeFrames(heard), "the drained stream did not end between two frames");
        Assert.True(Mp3Frames.AreWholeFrames(live.Body()), "the drained live stream did not end between two frames");
        Assert.Contains("drained 2 listeners: 2 closed at a chunk boundary", Node.Log.Text, StringComparison.Ordinal);

        await Node.StartAsync();
        // One comes back as a player keeping cookies does, the other with ?sid=.
        using var resumed = await RawListenerClient.GetAsync(Node.HttpPort, "/demo", "HTTP/1.0", "Cookie: " + behindCookie.Split(';')[0]);
        using var liveResumed = await RawListenerClient.GetAsync(Node.HttpPort, $"/demo?sid={liveId}");
        Assert.Equal(200, resumed.Status);
        Assert.Equal(behindId, resumed.Headers["X-Airwave-Session"]);
        Assert.True(resumed.Headers.ContainsKey("X-Airwave-Resumed"), "the drained listener did not resume");
        Assert.True(liveResumed.Headers.ContainsKey("X-Airwave-Resumed"), "the drained live listener did not resume");
        await resumed.WaitForBytesAsync(Window, Generous);

        var stoppedAt = LoopOffset(heard[^Window..]) + Window;
        var resumedAt = LoopOffset(resumed.Body()[..Window]);
        var distance = DemoLoop.Distance(stoppedAt, resumedAt);
        Output.WriteLine($"the listener 10 s behind live resumed {distance} bytes ({distance / 16.0:0.#} ms) after the last byte it got, at chunk {resumed.Headers["X-Airwave-Resumed"]}");
        Assert.InRange(distance, -ChunkBytes, ChunkBytes);
    }

    [Fact]
    public async Task Ready_turns_503_at_sigterm_while_new_listeners_are_refused_hls_asks_to_reconnect_and_the_connected_one_is_drained()
    {
        await Node.WaitForSourceAudioAsync("demo", 1);
        using var listener = await RawListenerClient.GetAsync(Node.HttpPort, "/demo");
        await listener.WaitForBytesAsync(32 * 1024, Generous);
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Node.AdminPort}/"), Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("ready", UriKind.Relative))).StatusCode);
        using var hls = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await hls.GetAsync(Node.Http("/demo.m3u8"));
                return response.StatusCode;
            },
            s => s == HttpStatusCode.OK,
            Generous,
            "a playlist of /demo");

        await Node.SignalAsync("TERM");

        await Poll.UntilAsync(async () => (await probe.GetAsync(new Uri("ready", UriKind.Relative))).StatusCode, s => s == HttpStatusCode.ServiceUnavailable, Generous, "/ready answering 503");
        using (var playlist = await hls.GetAsync(Node.Http("/demo.m3u8")))
        {
            Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
            Assert.True(playlist.Headers.ConnectionClose, "a draining node keeps HLS connections alive: players stay pinned to it until it cuts them");
            var segment = (await playlist.Content.ReadAsStringAsync()).Split('\n').First(line => line.StartsWith("/demo/hls/", StringComparison.Ordinal));
            using var answer = await hls.GetAsync(Node.Http(segment));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.True(answer.Headers.ConnectionClose, "a draining node keeps the connection of a segment (served before Kestrel) alive");
        }

        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode);
        using (var late = await RawListenerClient.GetAsync(Node.HttpPort, "/demo"))
        {
            Assert.True(late.Status == 503, $"late: {late.Status} {string.Join(", ", late.Headers.Select(h => h.Key + "=" + h.Value))}");
        }

        await listener.WaitForEndAsync(Generous);
        Assert.Equal("closed", listener.EndedBy);
        Assert.True(Mp3Frames.AreWholeFrames(listener.Body()), "the drained stream did not end between two frames");
        Assert.Equal(0, await Node.WaitForExitAsync(StopTimeout));
    }

    /// <summary>Where in the demo loop <paramref name="bytes"/> were taken from; they must occur exactly once.</summary>
    private static int LoopOffset(byte[] bytes)
    {
        var offsets = DemoLoop.OffsetsOf(bytes);
        Assert.True(offsets.Count == 1, $"{bytes.Length} bytes occur {offsets.Count} times in the demo loop");
        return offsets[0];
    }
}
