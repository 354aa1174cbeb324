using Airwave.Streaming.Chunks;
using Xunit;

namespace Airwave.Streaming.Tests.Chunks;

public sealed class ChunkTimelineTests
{
    private static readonly DateTime Origin = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Chunks_tile_time_without_gaps_and_never_drift_from_the_sample_count()
    {
        var timeline = new ChunkTimeline(Origin);
        var expectedStart = Origin.Ticks;
        const int samplesPerChunk = 19 * 1152;

        for (var n = 1; n <= 100_000; n++)
        {
            var (start, duration) = timeline.Advance(samplesPerChunk, 44_100);
            Assert.Equal(expectedStart, start);
            expectedStart = start + duration;
        }

        // 100 000 chunks of 21 888 samples at 44.1 kHz, converted once: no per-chunk rounding adds up.
        Assert.Equal(Origin.Ticks + (long)(100_000L * samplesPerChunk * (Int128)TimeSpan.TicksPerSecond / 44_100), expectedStart);
    }

    [Fact]
    public void A_sample_rate_change_continues_from_the_exact_elapsed_time()
    {
        var timeline = new ChunkTimeline(Origin);

        timeline.Advance(44_100, 44_100);
        var (start, duration) = timeline.Advance(48_000, 48_000);

        Assert.Equal(Origin.AddSeconds(1).Ticks, start);
        Assert.Equal(TimeSpan.TicksPerSecond, duration);
        Assert.Equal(Origin.AddSeconds(2).Ticks, timeline.NextStartTicks);
    }
}
