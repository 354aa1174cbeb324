using Airwave.Media.Hls;
using Airwave.Streaming.Upstreams;
using Xunit;

namespace Airwave.Streaming.Tests.Upstreams;

public class HlsSequenceTrackerTests
{
    private static ParsedMediaPlaylist Window(long first, int count) => new(
        TimeSpan.FromSeconds(2), first, 0, Enumerable.Range(0, count).Select(i => new ParsedSegment(first + i, $"s{first + i}.ts", TimeSpan.FromSeconds(2), false)).ToList(), false, null);

    private static List<long> Fetch(HlsSequenceTracker tracker, ParsedMediaPlaylist playlist, out HlsPlan plan)
    {
        plan = tracker.Plan(playlist);
        foreach (var segment in plan.Segments)
        {
            tracker.Done(segment.Sequence);
        }

        return plan.Segments.Select(s => s.Sequence).ToList();
    }

    [Fact]
    public void Joins_with_the_initial_segments_then_fetches_each_new_one_once()
    {
        var tracker = new HlsSequenceTracker(initialSegments: 3);

        Assert.Equal([7L, 8L, 9L], Fetch(tracker, Window(5, 5), out _));
        Assert.Empty(Fetch(tracker, Window(5, 5), out _));
        Assert.Equal([10L], Fetch(tracker, Window(6, 5), out var plan));
        Assert.False(plan.BreakBefore);
        Assert.Equal([11L, 12L], Fetch(tracker, Window(8, 5), out _));
    }

    [Fact]
    public void A_window_that_slid_past_unfetched_segments_is_a_break()
    {
        var tracker = new HlsSequenceTracker(initialSegments: 2);
        Fetch(tracker, Window(0, 3), out _);

        Assert.Equal([10L, 11L, 12L], Fetch(tracker, Window(10, 3), out var plan));
        Assert.True(plan.BreakBefore);
        Assert.Contains("slid past 7", plan.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_media_sequence_that_goes_back_is_a_restart_and_a_break()
    {
        var tracker = new HlsSequenceTracker(initialSegments: 2);
        Fetch(tracker, Window(100, 4), out _);

        Assert.Equal([2L, 3L], Fetch(tracker, Window(0, 4), out var plan));
        Assert.True(plan.BreakBefore);
        Assert.Contains("went back", plan.Note, StringComparison.Ordinal);
        Assert.Equal([4L], Fetch(tracker, Window(1, 4), out var after));
        Assert.False(after.BreakBefore);
    }

    [Fact]
    public void Random_windows_never_fetch_a_segment_twice()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var tracker = new HlsSequenceTracker(initialSegments: 3);
        var fetched = new HashSet<long>();
        long first = 0;
        for (var poll = 0; poll < 500; poll++)
        {
            first += random.Next(0, 3);
            foreach (var sequence in Fetch(tracker, Window(first, random.Next(1, 8)), out _))
            {
                Assert.True(fetched.Add(sequence), $"seed {seed}: segment {sequence} fetched twice");
            }
        }
    }
}
