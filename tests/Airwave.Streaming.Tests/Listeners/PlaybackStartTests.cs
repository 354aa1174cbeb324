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
}
