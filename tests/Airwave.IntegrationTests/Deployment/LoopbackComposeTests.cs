using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Deployment;

/// <summary>
/// The compose topology on loopback (<see cref="LoopbackCompose"/>): two masters, two slaves and HAProxy from
/// deploy/haproxy.cfg. A listener that came in through the balancer stays whole across a slave's SIGTERM: the slave
/// turns not ready, HAProxy takes it out, the listener is closed at a chunk boundary with its playhead stored, and its
/// reconnect through the same balancer resumes on the other slave with the very next frame. A source pushed to the
/// masters' side of the balancer is heard on the listeners' side.
/// </summary>
public sealed class LoopbackComposeTests(ITestOutputHelper output)
{
    /// <summary>Bytes compared on each side of the reconnection (one second of the 128 kbps demo loop).</summary>
    private const int Window = 16 * 1024;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_listener_through_the_balancer_resumes_on_the_other_slave_after_a_drain_with_the_next_frames()
    {
        await using var compose = await LoopbackCompose.StartAsync(2, 2, """airwave.channels.looped { loop-file = "assets/demo.mp3" }""");
        // Pushed now so it has audio by the time it is listened to; the sources' frontend picks either master, and a
        // master that does not own /live forwards it to the one that does.
        await using var source = FfmpegProcess.PushSource(
            Fixtures.Mp3Stereo128,
            $"icecast://source:{LoopbackCompose.SourcePassword}@127.0.0.1:{compose.SourcesPort.ToString(CultureInfo.InvariantCulture)}/live",
            "audio/mpeg",
            "mp3",
            compose.BalancerLog,
            loop: true);
        // More than a relayed live listener plays behind (the relay's 15 s delay and its burst), so it starts inside the loop's history.
        await Poll.UntilAsync(
            async () =>
            {
                var buffered = 0.0;
                foreach (var master in compose.Masters)
                {
                    try
                    {
                        var channel = await master.ChannelAsync("looped");
                        buffered = Math.Max(buffered, channel.Source() == "connected" ? channel.BufferSeconds() : 0);
                    }
                    catch (HttpRequestException)
                    {
                        // 404: the channel runs on the other master.
                    }
                }

                return buffered;
            },
            seconds => seconds >= 20,
            Patience,
            "20 s of /looped on its master",
            compose.Logs);

        using var listener = await RawListenerClient.GetAsync(compose.ListenersPort, "/looped");
        Assert.Equal(200, listener.Status);
        await listener.WaitForBytesAsync(96 * 1024, Patience);
        var id = listener.Headers["X-Airwave-Session"];
        var drained = await compose.ServingAsync(id);
        Assert.Contains(drained, compose.Slaves);
        var other = compose.Slaves.Single(s => s != drained);

        var stopping = drained.StopAsync(Patience);
        await listener.WaitForEndAsync(Patience);
        Assert.Equal("closed", listener.EndedBy);
        var heard = listener.Body();
        Assert.True(Mp3Frames.AreWholeFrames(heard), "the drained listener's stream did not end between two frames");

        // What a player does: reconnect to the same address with its session, at once.
        using var resumed = await RawListenerClient.GetAsync(compose.ListenersPort, $"/looped?sid={id}");
        Assert.Equal(200, resumed.Status);
        Assert.Equal(id, resumed.Headers["X-Airwave-Session"]);
        Assert.True(resumed.Headers.ContainsKey("X-Airwave-Resumed"), "the listener did not resume its session through the balancer");
        await resumed.WaitForBytesAsync(Window, Patience);
        Assert.Same(other, await compose.ServingAsync(id));

        var distance = DemoLoop.Distance(LoopOffset(heard[^Window..]) + Window, LoopOffset(resumed.Body()[..Window]));
        output.WriteLine($"drained after {heard.Length} bytes; resumed through HAProxy on the other slave at chunk {resumed.Headers["X-Airwave-Resumed"]}, {distance} bytes after the last byte heard");
        Assert.Equal(0, distance);
        Assert.Equal(0, await stopping);

        // The balancer took the drained slave out; the pushed show is heard through the listeners' side.
        var status = await compose.BalancerStatusAsync();
        output.WriteLine(string.Join(", ", status.Select(s => $"{s.Key} {s.Value}")));
        Assert.Equal(1, status.Count(s => s.Key.StartsWith("slaves/", StringComparison.Ordinal) && s.Value == "UP"));
        using var live = await RawListenerClient.GetAsync(compose.ListenersPort, "/live");
        Assert.Equal(200, live.Status);
        await live.WaitForBytesAsync(32 * 1024, Patience);
        Assert.True(Mp3Frames.Count(live.Body()) > 10, "no MP3 frames of the pushed show came through the balancer");
    }

    private static int LoopOffset(byte[] bytes)
    {
        var offsets = DemoLoop.OffsetsOf(bytes);
        Assert.True(offsets.Count == 1, $"{bytes.Length} bytes occur {offsets.Count} times in the demo loop");
        return offsets[0];
    }
}
