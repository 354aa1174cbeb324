using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Airwave.Streaming.Tests.Channels;

public sealed class ListenerSweepTests
{
    [Fact]
    public void A_live_listener_may_lag_by_the_queue_size_plus_the_send_interval_that_holds_its_audio_back()
    {
        // 16,000 bytes at 128 kbit/s is one second of audio; the send interval holds up to another second back.
        using var channel = TestChannels.Detached(TestChannels.Settings() with { QueueSize = 16_000, SendInterval = TimeSpan.FromSeconds(1) });
        channel.Stream = new StreamInfo(AudioFormat.Mp3, "", "", "", "", 128, 44_100, 2, false);
        TestChannels.AppendRun(channel, 0, 10, 100);
        var liveEdge = channel.Buffer.Snapshot().NewestEndTicks;
        var heldBack = Listener(channel, liveEdge - TimeSpan.FromMilliseconds(1_900).Ticks);
        var behind = Listener(channel, liveEdge - TimeSpan.FromMilliseconds(2_100).Ticks);

        var dropped = ListenerSweep.DropLaggards(channel, liveEdge, NullLogger.Instance);

        Assert.Equal(1, dropped);
        Assert.Null(heldBack.DropReason);
        Assert.NotNull(behind.DropReason);
    }

    private static ListenerHandle Listener(LiveChannel channel, long deliveredUpTo)
    {
        var handle = new ListenerHandle("10.0.0.1", "ua", TimeSpan.Zero, TestChannels.Origin);
        handle.Delivered(deliveredUpTo, 0);
        Assert.True(channel.Listeners.TryAdd(handle, 10));
        return handle;
    }
}
