using Airwave.Media;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Fixtures;
using Xunit;

namespace Airwave.Streaming.Tests.Archive;

/// <summary>Clips from the rewind buffer alone: cut at frame boundaries inside chunks, gaps reported, nothing for windows outside.</summary>
public sealed class ClipPlannerTests
{
    private static readonly DateTime Origin = TestChannels.Origin;

    [Fact]
    public async Task Window_inside_chunks_is_trimmed_to_the_frames_whose_middle_is_inside()
    {
        var channel = TestChannels.Detached();
        Mp3Chunks.Append(channel, 0, 10, Origin);
        var frame = Mp3Chunks.FrameTicks;

        var plan = await new ClipPlanner(null).PlanAsync(channel, Origin.AddTicks((7 * frame) + (frame * 3 / 4)), Origin.AddTicks((100 * frame) + (frame / 4)));

        Assert.NotNull(plan);
        Assert.Equal(Mp3Chunks.FrameBytes(8, 92).Length, plan.Length);
        Assert.Equal(6, plan.Pieces.Count);
        var duration = plan.EndUtc - plan.StartUtc;
        Assert.InRange(Math.Abs(duration.Ticks - SampleDuration.ToTicks(92 * 1152, 44_100)), 0, 2);
        Assert.Empty(plan.Gaps);
    }

    [Fact]
    public async Task A_clip_has_the_codec_it_starts_in_and_ends_where_the_channel_changed_codec()
    {
        var channel = TestChannels.Detached();
        Mp3Chunks.Append(channel, 0, 5, Origin);
        var held = channel.Buffer.Snapshot();
        var aacStart = new DateTime(held.NewestEndTicks, DateTimeKind.Utc);
        TestChannels.AppendRun(channel, 5, 4, 300, aacStart, AudioFormat.Aac);
        var end = new DateTime(channel.Buffer.Snapshot().NewestEndTicks, DateTimeKind.Utc);

        var fromMp3 = await new ClipPlanner(null).PlanAsync(channel, Origin, end);
        var fromAac = await new ClipPlanner(null).PlanAsync(channel, aacStart, end);

        Assert.NotNull(fromMp3);
        Assert.Equal(AudioFormat.Mp3, fromMp3.Format);
        Assert.Equal(5, fromMp3.Pieces.Count);
        Assert.Equal(aacStart, fromMp3.EndUtc);
        Assert.Equal([new ClipGap(aacStart, end)], fromMp3.Gaps);
        Assert.NotNull(fromAac);
        Assert.Equal(AudioFormat.Aac, fromAac.Format);
        Assert.Equal(4, fromAac.Pieces.Count);
        Assert.Empty(fromAac.Gaps);
    }

    [Fact]
    public async Task Requested_duration_is_met_within_one_frame_for_any_cut()
    {
        var channel = TestChannels.Detached();
        Mp3Chunks.Append(channel, 0, 40, Origin);
        var random = new Random(20261121);
        for (var i = 0; i < 50; i++)
        {
            var from = Origin.AddTicks(random.NextInt64(0, TimeSpan.FromSeconds(8).Ticks));
            var length = TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(10).Ticks));

            var plan = await new ClipPlanner(null).PlanAsync(channel, from, from + length);

            Assert.NotNull(plan);
            Assert.InRange(Math.Abs((plan.EndUtc - plan.StartUtc - length).Ticks), 0, Mp3Chunks.FrameTicks);
        }
    }

    [Fact]
    public async Task Gaps_between_chunks_and_at_the_edges_are_listed()
    {
        var channel = TestChannels.Detached();
        Mp3Chunks.Append(channel, 0, 4, Origin);
        Mp3Chunks.Append(channel, 4, 4, Origin.AddSeconds(10));

        var plan = await new ClipPlanner(null).PlanAsync(channel, Origin.AddSeconds(-1), Origin.AddSeconds(20));

        Assert.NotNull(plan);
        Assert.Equal(3, plan.Gaps.Count);
        Assert.Equal(Origin.AddSeconds(10), plan.Gaps[1].ToUtc);
        Assert.StartsWith("2026-11-21T08:59:59.000Z/2026-11-21T09:00:00.000Z, ", plan.GapsHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Window_outside_everything_held_has_no_plan()
    {
        var channel = TestChannels.Detached();
        Mp3Chunks.Append(channel, 0, 4, Origin);

        Assert.Null(await new ClipPlanner(null).PlanAsync(channel, Origin.AddMinutes(-10), Origin.AddMinutes(-5)));
        Assert.Null(await new ClipPlanner(null).PlanAsync(channel, Origin.AddMinutes(5), Origin.AddMinutes(10)));
    }

    [Fact]
    public void Refill_cuts_an_archived_segment_back_into_chunks_inside_its_sequence_range()
    {
        var bytes = Mp3Chunks.FrameBytes(0, 100);
        var duration = SampleDuration.ToTicks(100 * 1152, 44_100);
        var segment = new Persistence.Archive.ArchiveSegmentRecord("live", 0, 10, 15, Origin.Ticks, duration, bytes.Length, true, "live/x/0.mp3");

        var chunks = Streaming.Archive.ArchiveRefill.Cut(segment, bytes, discontinuity: true);

        Assert.Equal([10L, 11L, 12L, 13L, 14L, 15L], chunks.Select(c => c.Header.Seq));
        Assert.Equal(Origin.Ticks, chunks[0].Header.StartTicks);
        Assert.Equal(Origin.Ticks + duration, chunks[^1].Header.EndTicks);
        Assert.Equal(bytes.Length, chunks.Sum(c => c.Header.PayloadLength));
        Assert.Equal(Streaming.Chunks.ChunkMarkers.Discontinuity, chunks[0].Header.Markers);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1].Header.EndTicks, chunks[i].Header.StartTicks);
        }
    }
}
