using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>A source that goes silent, or sends only garbage, but keeps its socket open is dropped after source-timeout; listeners wait for the next one or move to the fallback.</summary>
public sealed class SourceTimeoutTests(TimeoutNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<TimeoutNode>
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private readonly NodeProcess node = fixture.Node;
    private readonly ITestOutputHelper measurements = output;

    [Fact]
    public async Task Silent_source_is_dropped_while_its_listener_waits_for_the_next_source()
    {
        var audio = Mp3Frames.Read(Fixtures.Mp3Stereo128, 80);
        using var silent = await RawSourceClient.ConnectAsync(node.HttpPort);
        await silent.SendPutHeadAsync("/quiet", "pw-quiet", "audio/mpeg");
        await silent.SendAsync(audio);
        Assert.Equal(200, (await silent.ReadResponseAsync(AnswerTimeout)).Status);
        await node.WaitForSourceAudioAsync("quiet", 1);
        Assert.True(node.Log.Contains("airwave.channels.quiet.source-timeout = 3s"), "the node did not report the source-timeout override");

        using var listener = await RecordingListener.ConnectAsync(node.Http("/quiet"));
        await listener.WaitForBytesAsync(1, AnswerTimeout);

        await node.WaitForChannelAsync("quiet", c => c.Source() == "lost", "the silent source is dropped", TimeSpan.FromSeconds(20));
        Assert.True(await silent.WaitForCloseAsync(AnswerTimeout), "the node kept the silent source's connection open");
        var waiting = await node.ChannelAsync("quiet");
        Assert.Equal(1, waiting.Listeners());
        Assert.False(listener.Ended, $"the listener was disconnected: {listener.Error}");

        var received = listener.Bytes;
        using var next = await RawSourceClient.ConnectAsync(node.HttpPort);
        await next.SendPutHeadAsync("/quiet", "pw-quiet", "audio/mpeg");
        await next.SendAsync(audio);
        Assert.Equal(200, (await next.ReadResponseAsync(AnswerTimeout)).Status);
        await node.WaitForChannelAsync("quiet", c => c.Source() == "connected", "the next source is connected");
        await listener.WaitForBytesAsync(received + 1, AnswerTimeout);
    }

    /// <remarks>Nothing is sent to a listener while its channel waits for a source, so only the node's hang-up watch can see it go.</remarks>
    [Fact]
    public async Task A_listener_that_hangs_up_while_its_channel_waits_for_a_source_leaves_the_count()
    {
        using var silent = await RawSourceClient.ConnectAsync(node.HttpPort);
        await silent.SendPutHeadAsync("/hushed", "pw-hushed", "audio/mpeg");
        await silent.SendAsync(Mp3Frames.Read(Fixtures.Mp3Stereo128, 80));
        Assert.Equal(200, (await silent.ReadResponseAsync(AnswerTimeout)).Status);
        await node.WaitForSourceAudioAsync("hushed", 1);
        var listener = await RawListenerClient.GetAsync(node.HttpPort, "/hushed");
        await node.WaitForChannelAsync("hushed", c => c.Source() == "lost" && c.Listeners() == 1, "the silent source is dropped; its listener waits", TimeSpan.FromSeconds(20));
        var received = listener.BodyLength;
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(received, listener.BodyLength);

        listener.Dispose();

        await node.WaitForChannelAsync("hushed", c => c.Listeners() == 0, "the listener that hung up leaves the count", TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Source_sending_only_garbage_after_audio_is_dropped_and_its_listener_moves_to_the_fallback()
    {
        await node.WaitForSourceAudioAsync("backup", 1);
        using var noisy = await RawSourceClient.ConnectAsync(node.HttpPort);
        await noisy.SendPutHeadAsync("/noisy", "pw-noisy", "audio/mpeg");
        await noisy.SendAsync(Mp3Frames.Read(Fixtures.Mp3Stereo128, 80));
        Assert.Equal(200, (await noisy.ReadResponseAsync(AnswerTimeout)).Status);
        await node.WaitForSourceAudioAsync("noisy", 1);
        using var listener = await RecordingListener.ConnectAsync(node.Http("/noisy"));
        await listener.WaitForBytesAsync(1, AnswerTimeout);

        // Random bytes every 100 ms: the connection never goes quiet, but nothing in it frames as audio.
        using var stopGarbage = new CancellationTokenSource();
        var garbageStarted = System.Diagnostics.Stopwatch.StartNew();
        var garbage = SendGarbageAsync(noisy, stopGarbage.Token);
        await node.WaitForChannelAsync("noisy", c => c.Source() == "lost", "the garbage-sending source is dropped", TimeSpan.FromSeconds(20));
        var dropAfter = garbageStarted.Elapsed;
        measurements.WriteLine($"dropped {dropAfter.TotalSeconds:0.0}s after the garbage started (source-timeout 3s)");
        Assert.InRange(dropAfter, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(8));
        Assert.True(await noisy.WaitForCloseAsync(AnswerTimeout), "the node kept the garbage-sending source's connection open");
        await stopGarbage.CancelAsync();
        await garbage;

        var received = listener.Bytes;
        await listener.WaitForBytesAsync(received + (16 * 1024), AnswerTimeout);
        Assert.False(listener.Ended, $"the listener was disconnected instead of moved to the fallback: {listener.Error}");
    }

    private static async Task SendGarbageAsync(RawSourceClient source, CancellationToken cancellationToken)
    {
        var random = new Random(20261203);
        var bytes = new byte[4096];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                random.NextBytes(bytes);
                await source.SendAsync(bytes);
                await Task.Delay(100, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The node closed the connection (what the test waits for) or the test is done.
        }
    }
}
