using Airwave.Streaming.Transcoding;
using Xunit;

namespace Airwave.Streaming.Tests.Transcoding;

public sealed class TranscodeTimelineTests
{
    private static readonly TimeSpan Four = TimeSpan.FromSeconds(4);

    [Fact]
    public void A_window_is_cut_into_its_segment_grid_with_a_shorter_last_place()
    {
        var timeline = new TranscodeTimeline(Four, TimeSpan.FromSeconds(18));

        Assert.Equal(5, timeline.Count);
        Assert.Equal(0, timeline.SegmentAt(TimeSpan.FromSeconds(3.9)));
        Assert.Equal(4, timeline.SegmentAt(TimeSpan.FromSeconds(16)));
        Assert.Equal(TimeSpan.FromSeconds(12), timeline.PositionOf(3));
        Assert.EndsWith("#EXTINF:4.000,\n3.ts\n#EXTINF:2.000,\n4.ts\n#EXT-X-ENDLIST\n", timeline.Playlist(0), StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_written_is_served_and_one_about_to_be_written_is_waited_for()
    {
        var timeline = Written(TimeSpan.FromMinutes(10), 0, 1, 2);

        Assert.Equal(TranscodeSegmentDecision.Serve, timeline.Decide(1, 3, TimeSpan.FromMinutes(10)));
        Assert.Equal(TranscodeSegmentDecision.Wait, timeline.Decide(3, 3, TimeSpan.FromMinutes(10)));
        Assert.Equal(TranscodeSegmentDecision.Wait, timeline.Decide(3 + TranscodeTimeline.WaitAhead, 3, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void A_seek_past_what_ffmpeg_is_about_to_write_restarts_it_there_and_so_does_a_hole_behind_it()
    {
        var timeline = Written(TimeSpan.FromMinutes(10), 0, 1, 2, 50, 51);

        Assert.Equal(TranscodeSegmentDecision.Restart, timeline.Decide(3 + TranscodeTimeline.WaitAhead + 1, 3, TimeSpan.FromMinutes(10)));
        Assert.Equal(TranscodeSegmentDecision.Restart, timeline.Decide(20, 52, TimeSpan.FromMinutes(10)));
        Assert.Equal(TranscodeSegmentDecision.Restart, timeline.Decide(20, null, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Past_a_windows_end_or_ahead_of_live_is_outside_the_session()
    {
        var window = Written(TimeSpan.FromSeconds(20), 0);
        var live = new TranscodeTimeline(Four, null);

        Assert.Equal(TranscodeSegmentDecision.Beyond, window.Decide(5, 1, TimeSpan.FromSeconds(20)));
        Assert.Equal(TranscodeSegmentDecision.Beyond, window.Decide(-1, 1, TimeSpan.FromSeconds(20)));
        Assert.Equal(TranscodeSegmentDecision.Beyond, live.Decide(10, 2, TimeSpan.FromSeconds(39)));
        Assert.Equal(TranscodeSegmentDecision.Restart, live.Decide(9, null, TimeSpan.FromSeconds(39)));
    }

    [Fact]
    public void The_first_missing_place_is_found_after_a_point_and_a_window_with_none_is_complete()
    {
        var timeline = Written(TimeSpan.FromSeconds(24), 0, 1, 4, 5);

        Assert.Equal(2, timeline.FirstMissing(0));
        Assert.Null(timeline.FirstMissing(4));
        Assert.False(timeline.IsComplete);

        timeline.Add(new TranscodeSegment(2, "r1-2.ts", 4));
        timeline.Add(new TranscodeSegment(3, "r1-3.ts", 4));

        Assert.True(timeline.IsComplete);
        Assert.False(timeline.Add(new TranscodeSegment(3, "r2-3.ts", 4)));
        Assert.Equal("r1-3.ts", timeline.Find(3)!.Value.File);
    }

    [Fact]
    public void Where_ffmpeg_ended_a_window_is_its_end()
    {
        var timeline = Written(TimeSpan.FromSeconds(20.01), 0, 1, 2, 3, 4);

        Assert.Equal(6, timeline.Count);
        timeline.EndAt(4);

        Assert.Equal(5, timeline.Count);
        Assert.True(timeline.IsComplete);
        Assert.Equal(TranscodeSegmentDecision.Beyond, timeline.Decide(5, null, TimeSpan.FromSeconds(20.01)));
    }

    [Fact]
    public void A_playlist_from_a_seek_starts_at_its_segment_and_lists_places_not_written_yet()
    {
        var timeline = Written(TimeSpan.FromSeconds(16), 0, 3);

        var playlist = timeline.Playlist(timeline.SegmentAt(TimeSpan.FromSeconds(9)));

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n"
            + "#EXTINF:4.000,\n2.ts\n#EXTINF:4.0139,\n3.ts\n#EXT-X-ENDLIST\n",
            playlist);
    }

    [Fact]
    public void A_live_sessions_playlist_is_an_event_one_up_to_its_newest_segment()
    {
        var timeline = new TranscodeTimeline(Four, null);
        Assert.DoesNotContain("#EXTINF", timeline.Playlist(0), StringComparison.Ordinal);

        timeline.Add(new TranscodeSegment(0, "r0-0.ts", 4));
        timeline.Add(new TranscodeSegment(1, "r0-1.ts", 4));
        var playlist = timeline.Playlist(0);

        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT\n", playlist, StringComparison.Ordinal);
        Assert.EndsWith("0.ts\n#EXTINF:4.000,\n1.ts\n", playlist, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => timeline.EndAt(1));
    }

    private static TranscodeTimeline Written(TimeSpan length, params int[] numbers)
    {
        var timeline = new TranscodeTimeline(Four, length);
        foreach (var number in numbers)
        {
            timeline.Add(new TranscodeSegment(number, $"r0-{number}.ts", number == 3 ? 4.0139 : 4));
        }

        return timeline;
    }
}
