using Airwave.Streaming.Rewind;
using Xunit;
using static Airwave.Streaming.Tests.Rewind.TestChunks;

namespace Airwave.Streaming.Tests.Rewind;

public sealed class RewindLookupTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    // Seqs 10..14 at 0..5 s, a gap, then seqs 20..24 at 10..15 s.
    private static RewindBuffer BufferWithGaps()
    {
        var buffer = NewBuffer(TimeSpan.FromHours(1));
        AppendRun(buffer, 10, 5, TimeSpan.Zero, Second, 100);
        AppendRun(buffer, 20, 5, TimeSpan.FromSeconds(10), Second, 100);
        return buffer;
    }

    private static DateTime At(double seconds) => Origin + TimeSpan.FromSeconds(seconds);

    [Theory]
    [InlineData(9, ChunkReadStatus.Evicted, -1)]
    [InlineData(10, ChunkReadStatus.Available, 10)]
    [InlineData(14, ChunkReadStatus.Available, 14)]
    [InlineData(15, ChunkReadStatus.Available, 20)]
    [InlineData(19, ChunkReadStatus.Available, 20)]
    [InlineData(24, ChunkReadStatus.Available, 24)]
    [InlineData(25, ChunkReadStatus.NotYetAvailable, -1)]
    public void Reading_by_seq_returns_the_chunk_at_or_after_it(long seq, ChunkReadStatus expected, long expectedSeq)
    {
        using var buffer = BufferWithGaps();

        var status = buffer.TryRead(seq, out var header, out var payload);

        Assert.Equal(expected, status);
        if (expected == ChunkReadStatus.Available)
        {
            Assert.Equal(expectedSeq, header.Seq);
            Assert.True(Matches(payload.Span, expectedSeq));
        }
    }

    [Theory]
    [InlineData(-0.001, TimeLookupOutcome.BeforeOldest, 10, 0)]
    [InlineData(0, TimeLookupOutcome.Contained, 10, 0)]
    [InlineData(0.999, TimeLookupOutcome.Contained, 10, 0)]
    [InlineData(1, TimeLookupOutcome.Contained, 11, 1)]
    [InlineData(4.5, TimeLookupOutcome.Contained, 14, 4)]
    [InlineData(5, TimeLookupOutcome.InGap, 20, 10)]
    [InlineData(9.999, TimeLookupOutcome.InGap, 20, 10)]
    [InlineData(10, TimeLookupOutcome.Contained, 20, 10)]
    [InlineData(14.5, TimeLookupOutcome.Contained, 24, 14)]
    [InlineData(15, TimeLookupOutcome.AfterNewest, 25, 15)]
    [InlineData(100, TimeLookupOutcome.AfterNewest, 25, 15)]
    public void Finding_by_time_returns_the_chunk_containing_or_following_it(double seconds, TimeLookupOutcome outcome, long seq, double startSeconds)
    {
        using var buffer = BufferWithGaps();

        var lookup = buffer.FindByTime(At(seconds));

        Assert.Equal(outcome, lookup.Outcome);
        Assert.Equal(seq, lookup.Seq);
        Assert.Equal(At(startSeconds), lookup.StartUtc);
    }

    [Fact]
    public void Finding_by_time_in_an_empty_buffer_says_empty()
    {
        using var buffer = NewBuffer(TimeSpan.FromHours(1));

        Assert.Equal(TimeLookupOutcome.Empty, buffer.FindByTime(Origin).Outcome);
    }

    [Fact]
    public void Finding_by_time_accepts_local_times_by_converting_them()
    {
        using var buffer = BufferWithGaps();

        var lookup = buffer.FindByTime(At(1.5).ToLocalTime());

        Assert.Equal(11, lookup.Seq);
    }

    [Fact]
    public void Snapshot_reports_first_and_last_seq_and_times()
    {
        using var buffer = BufferWithGaps();

        var extent = buffer.Snapshot();

        Assert.Equal(10, extent.Count);
        Assert.Equal(10, extent.FirstSeq);
        Assert.Equal(24, extent.LastSeq);
        Assert.Equal(Origin, extent.OldestUtc);
        Assert.Equal(At(15), extent.NewestUtc);
        Assert.Equal(TimeSpan.FromSeconds(15), extent.Duration);
        Assert.Equal(1000, extent.PayloadBytes);
    }
}
