using Airwave.Streaming.Rewind;
using Airwave.Streaming.TimeShift;
using Xunit;
using static Airwave.Streaming.Tests.Rewind.TestChunks;

namespace Airwave.Streaming.Tests.TimeShift;

public sealed class TimeShiftResolverTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    // Seqs 0..9 at 0..10 s, a gap, seqs 10..14 at 20..25 s after Origin.
    private static RewindBuffer Buffer()
    {
        var buffer = NewBuffer(TimeSpan.FromHours(1));
        AppendRun(buffer, 0, 10, TimeSpan.Zero, Second, 10);
        AppendRun(buffer, 10, 5, TimeSpan.FromSeconds(20), Second, 10);
        return buffer;
    }

    private static TimeShiftTarget At(double seconds) => TimeShiftTarget.At(new DateTimeOffset(Origin).AddSeconds(seconds));

    [Fact]
    public void An_instant_inside_the_buffer_starts_at_the_chunk_containing_it()
    {
        using var buffer = Buffer();

        var start = TimeShiftResolver.Resolve(At(3.5), buffer);

        Assert.Equal(new TimeShiftStart(TimeShiftStartKind.Rewind, 3, Origin.AddSeconds(3), false, null), start);
    }

    [Fact]
    public void An_instant_in_a_gap_starts_at_the_chunk_after_the_gap()
    {
        using var buffer = Buffer();

        var start = TimeShiftResolver.Resolve(At(15), buffer);

        Assert.Equal(new TimeShiftStart(TimeShiftStartKind.Rewind, 10, Origin.AddSeconds(20), false, null), start);
    }

    [Fact]
    public void An_instant_before_the_buffer_starts_at_the_oldest_chunk_and_says_so()
    {
        using var buffer = Buffer();

        var start = TimeShiftResolver.Resolve(At(-3600), buffer);

        Assert.Equal(new TimeShiftStart(TimeShiftStartKind.Rewind, 0, Origin, true, null), start);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(60)]
    public void An_instant_at_or_after_the_live_edge_plays_live(double seconds)
    {
        using var buffer = Buffer();

        Assert.Equal(TimeShiftStartKind.Live, TimeShiftResolver.Resolve(At(seconds), buffer).Kind);
    }

    [Fact]
    public void An_empty_buffer_plays_live()
    {
        using var buffer = NewBuffer(TimeSpan.FromHours(1));

        Assert.Equal(TimeShiftStartKind.Live, TimeShiftResolver.Resolve(At(0), buffer).Kind);
    }

    [Fact]
    public void Live_and_invalid_targets_pass_through()
    {
        using var buffer = Buffer();

        Assert.Equal(TimeShiftStartKind.Live, TimeShiftResolver.Resolve(TimeShiftTarget.Live, buffer).Kind);
        var rejected = TimeShiftResolver.Resolve(TimeShiftTarget.Invalid("nope"), buffer);
        Assert.Equal(TimeShiftStartKind.Rejected, rejected.Kind);
        Assert.Equal("nope", rejected.Error);
    }
}
