using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Listeners;
using Xunit;

namespace Airwave.Streaming.Tests.Listeners;

public sealed class PlaybackStartTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 9)]
    [InlineData(2500, 7)]
    [InlineData(3000, 7)]
    [InlineData(3001, 6)]
    [InlineData(1_000_000, 0)]
    public void Live_starts_far_enough_back_for_at_least_the_burst(long burst, long expectedSeq)
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 10, 1000);

        var start = PlaybackStart.Live(channel, burst);

        Assert.Equal(expectedSeq, start.Seq);
        Assert.False(start.Paced);
        Assert.Same(channel, start.Channel);
        var expectedUtc = expectedSeq == 10 ? channel.Buffer.Snapshot().NewestUtc : TestChannels.Origin + (TestChannels.HalfSecond * expectedSeq);
        Assert.Equal(expectedUtc, start.StartUtc);
    }

    [Fact]
    public void Live_on_an_empty_channel_waits_for_the_first_chunk()
    {
        using var channel = TestChannels.Detached();

        Assert.Equal(0, PlaybackStart.Live(channel, 64 * 1024).Seq);
    }

    [Fact]
    public void Live_counts_each_chunk_once_across_a_gap_in_sequence_numbers()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 5, 1000);
        TestChannels.AppendRun(channel, 1000, 5, 1000, TestChannels.Origin + TimeSpan.FromSeconds(10));

        var start = PlaybackStart.Live(channel, 6000);

        Assert.Equal(4, start.Seq);
        Assert.Equal(TestChannels.Origin + TimeSpan.FromSeconds(2), start.StartUtc);
    }

    [Fact]
    public void Behind_live_starts_the_delay_and_the_pacing_burst_back_and_is_paced()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 40, 1000);
        var burst = PlaybackStart.PacingBurst(channel);

        var start = PlaybackStart.BehindLive(channel, TimeSpan.FromSeconds(8), 64 * 1024);

        Assert.True(start.Paced);
        Assert.Same(channel, start.Channel);
        var expected = channel.Buffer.Snapshot().NewestUtc - TimeSpan.FromSeconds(8) - burst;
        Assert.InRange(start.StartUtc, expected - TestChannels.HalfSecond, expected);
    }

    [Fact]
    public void Behind_live_starts_at_the_oldest_chunk_when_the_buffer_is_shorter_than_the_delay()
    {
        using var channel = TestChannels.Detached();
        TestChannels.AppendRun(channel, 0, 4, 1000);

        var start = PlaybackStart.BehindLive(channel, TimeSpan.FromSeconds(8), 64 * 1024);

        Assert.Equal(0, start.Seq);
        Assert.True(start.Paced);
    }

    [Fact]
    public void Behind_live_on_an_empty_channel_waits_for_the_first_chunk_live()
    {
        using var channel = TestChannels.Detached();

        var start = PlaybackStart.BehindLive(channel, TimeSpan.FromSeconds(8), 64 * 1024);

        Assert.Equal(0, start.Seq);
        Assert.False(start.Paced);
    }
}
