using Airwave.Media;
using Airwave.Persistence.Archive;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Fixtures;
using Xunit;

namespace Airwave.Streaming.Tests.Archive;

/// <summary>How an archived segment is cut back into chunks behind what the rewind buffer already holds (a restored dump).</summary>
public sealed class ArchiveRefillTests
{
    private static readonly DateTime Origin = TestChannels.Origin;

    [Fact]
    public void Cut_behind_a_held_chunk_starts_at_the_next_frame_and_numbers_above_it()
    {
        var bytes = Mp3Chunks.FrameBytes(0, 100);
        var segment = Mp3Segment(firstSeq: 10, lastSeq: 15, frames: 100);
        var heldEnd = Origin.Ticks + FramesTicks(40);

        var chunks = ArchiveRefill.Cut(segment, bytes, discontinuity: true, afterSeq: 12, afterTicks: heldEnd);

        Assert.Equal([13L, 14L, 15L], chunks.Select(c => c.Header.Seq));
        Assert.InRange(chunks[0].Header.StartTicks - heldEnd, -1, 1);
        Assert.Equal(segment.EndTicks, chunks[^1].Header.EndTicks);
        Assert.Equal(Mp3Chunks.FrameBytes(40, 60), chunks.SelectMany(c => bytes.AsSpan(c.Offset, c.Header.PayloadLength).ToArray()).ToArray());

        // What follows the held chunk continues it: the segment's own discontinuity was at its first frame, which is held.
        Assert.All(chunks, c => Assert.Equal(ChunkMarkers.None, c.Header.Markers));
    }

    [Fact]
    public void Cut_leaves_out_a_frame_whose_middle_lies_inside_the_held_audio()
    {
        var bytes = Mp3Chunks.FrameBytes(0, 100);
        var segment = Mp3Segment(firstSeq: 10, lastSeq: 15, frames: 100);

        // Held audio ending a little past frame 40's middle (a rounding tick or a clock's worth): frame 40 is held.
        var heldEnd = Origin.Ticks + FramesTicks(40) + (Mp3Chunks.FrameTicks * 2 / 3);

        var chunks = ArchiveRefill.Cut(segment, bytes, discontinuity: false, afterSeq: 12, afterTicks: heldEnd);

        Assert.Equal(Mp3Chunks.FrameBytes(41, 59).Length, chunks.Sum(c => c.Header.PayloadLength));
    }

    [Fact]
    public void Cut_of_a_segment_whose_numbers_are_all_held_is_empty()
    {
        var bytes = Mp3Chunks.FrameBytes(0, 100);
        var segment = Mp3Segment(firstSeq: 10, lastSeq: 15, frames: 100);

        Assert.Empty(ArchiveRefill.Cut(segment, bytes, discontinuity: false, afterSeq: 15, afterTicks: Origin.Ticks));
    }

    [Fact]
    public void Cut_of_a_segment_whose_audio_is_all_held_is_empty()
    {
        var bytes = Mp3Chunks.FrameBytes(0, 100);
        var segment = Mp3Segment(firstSeq: 10, lastSeq: 15, frames: 100);

        Assert.Empty(ArchiveRefill.Cut(segment, bytes, discontinuity: false, afterSeq: 9, afterTicks: segment.EndTicks));
    }

    [Fact]
    public void A_ts_segment_the_buffer_holds_part_of_is_left_out_rather_than_played_twice()
    {
        var bytes = new byte[188 * 10];
        var segment = new ArchiveSegmentRecord("tv", 3, 20, 25, Origin.Ticks, TimeSpan.FromSeconds(6).Ticks, bytes.Length, false, "tv/x/3.ts");

        Assert.Empty(ArchiveRefill.Cut(segment, bytes, discontinuity: false, afterSeq: 22, afterTicks: Origin.AddSeconds(3).Ticks));
        var whole = Assert.Single(ArchiveRefill.Cut(segment, bytes, discontinuity: false, afterSeq: 19, afterTicks: Origin.Ticks));
        Assert.Equal((20L, AudioFormat.MpegTs, ChunkMarkers.RandomAccess), (whole.Header.Seq, whole.Header.Format, whole.Header.Markers));
    }

    private static long FramesTicks(int frames) => SampleDuration.ToTicks(frames * Mp3Chunks.SamplesPerFrame, Mp3Chunks.SampleRate);

    private static ArchiveSegmentRecord Mp3Segment(long firstSeq, long lastSeq, int frames) =>
        new("live", 0, firstSeq, lastSeq, Origin.Ticks, FramesTicks(frames), 0, true, "live/x/0.mp3");
}
