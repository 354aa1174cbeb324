using System.Net.Sockets;
using System.Text;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>Icecast's queue-size rule: a listener that stops reading is dropped, the others keep listening.</summary>
public sealed class SlowListenerTests(SlowListenerNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<SlowListenerNode>
{
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Listener_that_stops_reading_is_dropped_while_a_reading_listener_continues()
    {
        await using var source = FfmpegProcess.PushSource(
            Fixtures.Mp3Stereo128, $"icecast://source:pw-crowded@127.0.0.1:{node.HttpPort}/crowded", "audio/mpeg", "mp3", node.Log, loop: true);
        await node.WaitForSourceAudioAsync("crowded", 1);

        using var reading = await RecordingListener.ConnectAsync(node.Http("/crowded"));
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync("127.0.0.1", node.HttpPort);
        await stalled.SendAsync(Encoding.ASCII.GetBytes("GET /crowded HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: stalled\r\n\r\n"));
        await node.WaitForChannelAsync("crowded", c => c.Listeners() == 2, "both listeners connected");

        var dropped = await node.WaitForChannelAsync(
            "crowded", c => c.SlowListenersDropped() >= 1 && c.Listeners() == 1, "the stalled listener is dropped", TimeSpan.FromSeconds(90));

        Assert.Equal(1, dropped.SlowListenersDropped());
        Assert.False(reading.Ended, $"the reading listener was disconnected: {reading.Error}");
        var received = reading.Bytes;
        await reading.WaitForBytesAsync(received + (32 * 1024), TimeSpan.FromSeconds(30));
    }
}
