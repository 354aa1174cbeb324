using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>A source that goes silent but keeps its socket open is dropped after source-timeout; listeners wait for the next one.</summary>
public sealed class SourceTimeoutTests(TimeoutNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<TimeoutNode>
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private readonly NodeProcess node = fixture.Node;

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
}
