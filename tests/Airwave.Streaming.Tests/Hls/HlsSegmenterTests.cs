using Airwave.Media;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Xunit;

namespace Airwave.Streaming.Tests.Hls;

public sealed class HlsSegmenterTests
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Closes_a_segment_at_the_first_chunk_whose_end_crosses_a_multiple_of_the_target()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        var chunk = TimeSpan.FromMilliseconds(480);
        await bench.AppendRunAsync(SegmenterBench.Origin.AddMilliseconds(200), SegmenterBench.Origin.AddSeconds(40), chunk, ChunkMarkers.Discontinuity);

        var segments = bench.Channel.Segments.All();
        Assert.Equal(6, segments.Count);
        foreach (var segment in segments)
        {
            Assert.True(segment.EndTicks / Target.Ticks > segment.StartTicks / Target.Ticks, $"segment {segment.MediaSequence} ends before a multiple");
            Assert.True((segment.EndTicks - chunk.Ticks) / Target.Ticks == segment.StartTicks / Target.Ticks, $"segment {segment.MediaSequence} ran a chunk too long");
        }

        Assert.Equal(segments.Select((_, i) => (long)i), segments.Select(s => s.MediaSequence));
        Assert.All(segments.Zip(segments.Skip(1), (first, second) => (First: first, Second: second)), pair => Assert.Equal(pair.First.EndTicks, pair.Second.StartTicks));
        Assert.All(segments.Zip(segments.Skip(1), (first, second) => (First: first, Second: second)), pair => Assert.Equal(pair.First.LastSeq + 1, pair.Second.FirstSeq));
        Assert.Equal(segments.Sum(s => s.Bytes), segments.Sum(s => (s.LastSeq - s.FirstSeq + 1) * 100));
    }

    [Fact]
    public async Task Channels_with_different_chunk_sizes_cut_at_the_same_multiples_of_the_target()
    {
        await using var mp3 = await SegmenterBench.CreateAsync(SegmenterBench.Settings("mp3"));
        await using var aac = await SegmenterBench.CreateAsync(SegmenterBench.Settings("aac"));
        await mp3.AppendRunAsync(SegmenterBench.Origin.AddMilliseconds(130), SegmenterBench.Origin.AddMinutes(2), TimeSpan.FromTicks(4_963_265));
        await aac.AppendRunAsync(SegmenterBench.Origin.AddMilliseconds(410), SegmenterBench.Origin.AddMinutes(2), TimeSpan.FromTicks(2_133_333));

        var a = mp3.Channel.Segments.All().ToDictionary(s => s.EndTicks / Target.Ticks);
        var b = aac.Channel.Segments.All().ToDictionary(s => s.EndTicks / Target.Ticks);
        Assert.True(a.Count >= 18, $"only {a.Count} segments");
        foreach (var (slot, segment) in a)
        {
            Assert.True(b.TryGetValue(slot, out var other), $"no aac segment ends in slot {slot}");
            Assert.True(Math.Abs(segment.EndTicks - other.EndTicks) < TimeSpan.FromMilliseconds(500).Ticks, "segment ends more than a chunk apart");
        }
    }

    [Fact]
    public async Task A_codec_change_closes_the_open_segment_and_each_segment_keeps_its_codec_and_extension()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        var half = TimeSpan.FromMilliseconds(500);
        var next = await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(9), half, ChunkMarkers.Discontinuity);
        next = await bench.AppendRunAsync(next, next.AddSeconds(9), half, format: AudioFormat.Aac);
        await bench.AppendRunAsync(next, next.AddSeconds(12), half);

        var segments = bench.Channel.Segments.All();
        Assert.Equal([AudioFormat.Mp3, AudioFormat.Mp3, AudioFormat.Aac, AudioFormat.Aac, AudioFormat.Mp3, AudioFormat.Mp3], segments.Select(s => s.Format));
        Assert.Equal([true, false, true, false, true, false], segments.Select(s => s.Discontinuity));
        Assert.Equal([1L, 1, 2, 2, 3, 3], segments.Select(s => s.DiscontinuitySequence));
        var playlist = HlsPlaylists.Dvr(bench.Channel, "")!;
        Assert.Equal(["mp3", "mp3", "aac", "aac", "mp3", "mp3"], playlist.Segments.Select(s => s.Uri[(s.Uri.LastIndexOf('.') + 1)..]));
        Assert.Equal([false, false, true, false, true, false], playlist.Segments.Select(s => s.Discontinuity));
    }

    [Fact]
    public async Task A_discontinuity_closes_the_open_segment_and_starts_a_flagged_one_with_the_next_discontinuity_sequence()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        var half = TimeSpan.FromMilliseconds(500);
        var next = await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(14), half, ChunkMarkers.Discontinuity);
        await bench.AppendRunAsync(next.AddSeconds(1), next.AddSeconds(13), half, ChunkMarkers.Discontinuity);

        var segments = bench.Channel.Segments.All();
        Assert.Equal([6, 6, 2, 3, 6], segments.Select(s => (int)Math.Round(s.Duration.TotalSeconds)));
        Assert.Equal([true, false, false, true, false], segments.Select(s => s.Discontinuity));
        Assert.Equal([1L, 1, 1, 2, 2], segments.Select(s => s.DiscontinuitySequence));
        Assert.Equal(next.AddSeconds(1), segments[3].StartUtc);
    }

    [Fact]
    public async Task A_channel_with_keyframe_markers_is_cut_only_before_random_access_chunks()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        var chunk = TimeSpan.FromMilliseconds(500);
        for (var i = 0; i < 60; i++)
        {
            var markers = i % 5 == 0 ? ChunkMarkers.RandomAccess : ChunkMarkers.None;
            await bench.AppendAsync(SegmenterBench.Origin.AddMilliseconds(300 + (i * 500)), chunk, i == 0 ? markers | ChunkMarkers.Discontinuity : markers);
        }

        var segments = bench.Channel.Segments.All();
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.Equal(0, s.FirstSeq % 5));
        Assert.All(segments.Skip(1), s => Assert.True(s.StartTicks / Target.Ticks > (s.StartTicks - (5 * chunk.Ticks)) / Target.Ticks, "cut at a keyframe not right after a multiple"));
    }

    [Fact]
    public async Task Segments_leave_the_index_when_their_chunks_leave_the_rewind_buffer()
    {
        await using var bench = await SegmenterBench.CreateAsync(rewind: TimeSpan.FromSeconds(30));
        await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddMinutes(2), TimeSpan.FromMilliseconds(500));

        var held = bench.Channel.Buffer.Snapshot();
        var segments = bench.Channel.Segments.All();
        Assert.InRange(segments.Count, 4, 5);
        Assert.All(segments, s => Assert.True(s.FirstSeq >= held.FirstSeq));
        Assert.False(bench.Channel.Segments.TryGet(0, out _));
        Assert.True(bench.Channel.Segments.TryGet(segments[0].MediaSequence, out var first));
        Assert.Same(segments[0], first);
    }

    [Fact]
    public async Task Observers_hear_every_closed_segment_in_order()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(31), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);

        Assert.Equal(bench.Channel.Segments.All(), bench.Observed);
        Assert.Equal(5, bench.Observed.Count);
        Assert.Same(bench.Observed[^1], bench.Channel.Segments.Latest);
    }

    [Fact]
    public async Task A_channel_stopped_in_order_hands_back_its_unused_numbers_so_the_next_owner_continues_right_after_its_last_segment()
    {
        await using var before = await SegmenterBench.CreateAsync();
        var next = await before.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(40), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);
        var served = before.Channel.Segments.Latest!;

        await using var after = await before.HandOffAsync();
        await after.AppendRunAsync(next.AddSeconds(3), next.AddSeconds(20), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);

        var first = after.Observed[0];
        Assert.Equal(served.MediaSequence + 1, first.MediaSequence);
        Assert.Equal(served.DiscontinuitySequence + 1, first.DiscontinuitySequence);
        Assert.Equal(after.Observed.Select((_, i) => first.MediaSequence + i), after.Observed.Select(s => s.MediaSequence));
    }

    [Fact]
    public async Task After_a_restart_the_restored_chunks_are_reindexed_above_every_number_served_before()
    {
        await using var before = await SegmenterBench.CreateAsync();
        var next = await before.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(40), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);
        var served = before.Channel.Segments.Latest!;

        await using var after = await before.RestartAsync();
        var reindexed = after.Channel.Segments.All();
        Assert.Empty(after.Observed);
        Assert.Equal(before.Channel.Segments.Count, reindexed.Count);
        Assert.True(reindexed[0].MediaSequence > served.MediaSequence, $"{reindexed[0].MediaSequence} does not continue above {served.MediaSequence}");
        Assert.True(reindexed[0].DiscontinuitySequence >= served.DiscontinuitySequence);
        Assert.Equal(before.Channel.Segments.All().Select(s => (s.FirstSeq, s.LastSeq)), reindexed.Select(s => (s.FirstSeq, s.LastSeq)));

        await after.AppendRunAsync(next.AddSeconds(2), next.AddSeconds(20), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);
        var live = after.Channel.Segments.All();
        Assert.Equal(live.Select((_, i) => reindexed[0].MediaSequence + i), live.Select(s => s.MediaSequence));
        Assert.Equal(reindexed[^1].LastSeq + 1, after.Observed[0].FirstSeq);
        Assert.True(after.Observed[1].Discontinuity);
        Assert.True(after.Observed[1].DiscontinuitySequence > reindexed[^1].DiscontinuitySequence);
    }
}
