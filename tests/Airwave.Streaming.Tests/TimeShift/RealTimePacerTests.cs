using Airwave.Streaming.TimeShift;
using Xunit;

namespace Airwave.Streaming.Tests.TimeShift;

public sealed class RealTimePacerTests
{
    private static readonly long TwoSeconds = TimeSpan.FromSeconds(2).Ticks;

    [Theory]
    [InlineData(0, 0, 10, 0)]
    [InlineData(0, 10, 10, 0)]
    [InlineData(0, 12, 10, 2)]
    [InlineData(5, 20, 10, 5)]
    [InlineData(30, 20, 10, 0)]
    [InlineData(0, 3, 0, 3)]
    public void Delay_is_media_sent_minus_burst_minus_elapsed_never_negative(double elapsed, double sent, double burst, double expected) =>
        Assert.Equal(
            TimeSpan.FromSeconds(expected),
            RealTimePacer.DelayBeforeNext(TimeSpan.FromSeconds(elapsed), TimeSpan.FromSeconds(sent), TimeSpan.FromSeconds(burst)));

    [Fact]
    public void The_burst_goes_out_at_once_then_chunks_follow_in_real_time()
    {
        var clock = new ManualClock();
        var pacer = new RealTimePacer(clock, TimeSpan.FromSeconds(10));

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.DelayBeforeNext());
            pacer.RecordSent(TwoSeconds);
        }

        Assert.Equal(TimeSpan.FromSeconds(2), pacer.DelayBeforeNext());
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, pacer.DelayBeforeNext());
        pacer.RecordSent(TwoSeconds);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.FromSeconds(1.5), pacer.DelayBeforeNext());
        Assert.Equal(TimeSpan.FromSeconds(14), pacer.Sent);
    }

    [Fact]
    public void A_listener_that_stalled_catches_up_without_waiting()
    {
        var clock = new ManualClock();
        var pacer = new RealTimePacer(clock, TimeSpan.Zero);
        pacer.RecordSent(TwoSeconds);

        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.Zero, pacer.DelayBeforeNext());
    }

    private sealed class ManualClock : TimeProvider
    {
        private long ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }
}
