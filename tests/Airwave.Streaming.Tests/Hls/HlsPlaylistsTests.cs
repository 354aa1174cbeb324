using Airwave.Media;
using Airwave.Media.Hls;
using Airwave.Streaming.Chunks;
using Airwave.Streaming.Hls;
using Xunit;

namespace Airwave.Streaming.Tests.Hls;

public sealed class HlsPlaylistsTests
{
    [Fact]
    public async Task The_live_playlist_lists_the_newest_window_with_a_date_on_every_segment()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        var next = await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(30), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);
        await bench.AppendRunAsync(next, next.AddSeconds(24), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);

        var text = MediaPlaylistWriter.Write(HlsPlaylists.Window(bench.Channel, null, "?sid=abc")!);

        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:6
            #EXT-X-MEDIA-SEQUENCE:4
            #EXT-X-DISCONTINUITY-SEQUENCE:1
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T09:00:24.000Z
            #EXTINF:6.000,
            /live/hls/4.mp3?sid=abc
            #EXT-X-DISCONTINUITY
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T09:00:30.000Z
            #EXTINF:6.000,
            /live/hls/5.mp3?sid=abc
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T09:00:36.000Z
            #EXTINF:6.000,
            /live/hls/6.mp3?sid=abc
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T09:00:42.000Z
            #EXTINF:6.000,
            /live/hls/7.mp3?sid=abc
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T09:00:48.000Z
            #EXTINF:6.000,
            /live/hls/8.mp3?sid=abc

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public async Task A_shifted_window_ends_at_the_shifted_instant_and_drops_a_leading_discontinuity_into_the_sequence_number()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        var next = await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(30), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity, AudioFormat.Aac);
        await bench.AppendRunAsync(next, next.AddMinutes(2), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity, AudioFormat.Aac);

        var playlist = HlsPlaylists.Window(bench.Channel, next.AddMilliseconds(30_500).Ticks, "")!;

        Assert.Equal(next.AddSeconds(24), playlist.Segments[^1].ProgramDateTime);
        Assert.Equal(next, playlist.Segments[0].ProgramDateTime);
        Assert.Equal(2, playlist.DiscontinuitySequence);
        Assert.DoesNotContain(playlist.Segments, s => s.Discontinuity);
        Assert.EndsWith(".aac", playlist.Segments[0].Uri, StringComparison.Ordinal);
        Assert.Equal(HlsPlaylistType.Live, playlist.Type);
    }

    [Fact]
    public async Task A_window_lists_only_the_segments_since_its_last_codec_change_and_the_dvr_playlist_lists_all()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        var next = await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(24), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);
        await bench.AppendRunAsync(next, next.AddSeconds(24), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity, AudioFormat.Aac);

        var live = HlsPlaylists.Window(bench.Channel, null, "")!;
        var shifted = HlsPlaylists.Window(bench.Channel, next.AddSeconds(1).Ticks, "")!;
        var dvr = HlsPlaylists.Dvr(bench.Channel, "")!;

        Assert.All(live.Segments, s => Assert.EndsWith(".aac", s.Uri, StringComparison.Ordinal));
        Assert.Equal(4, live.Segments.Count);
        Assert.All(shifted.Segments, s => Assert.EndsWith(".mp3", s.Uri, StringComparison.Ordinal));
        Assert.Equal(8, dvr.Segments.Count);
        Assert.True(dvr.Segments[4].Discontinuity);
    }

    [Fact]
    public async Task A_shift_older_than_the_index_gives_its_oldest_window()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddMinutes(2), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);

        var playlist = HlsPlaylists.Window(bench.Channel, SegmenterBench.Origin.AddHours(-1).Ticks, "")!;

        Assert.Equal(0, playlist.MediaSequence);
        Assert.Equal(5, playlist.Segments.Count);
    }

    [Fact]
    public async Task The_dvr_playlist_is_an_event_playlist_over_the_whole_index()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddMinutes(3), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);

        var playlist = HlsPlaylists.Dvr(bench.Channel, "")!;

        Assert.Equal(HlsPlaylistType.Event, playlist.Type);
        Assert.Equal(bench.Channel.Segments.Count, playlist.Segments.Count);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT\n", MediaPlaylistWriter.Write(playlist), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_bytes_are_the_chunk_payloads_after_an_id3_timestamp_tag_for_packed_audio()
    {
        await using var bench = await SegmenterBench.CreateAsync();
        await bench.AppendRunAsync(SegmenterBench.Origin, SegmenterBench.Origin.AddSeconds(7), TimeSpan.FromMilliseconds(500), ChunkMarkers.Discontinuity);
        var segment = bench.Channel.Segments.Latest!;

        var packed = SegmentPayload.TryRead(bench.Channel.Buffer, segment, packedAudio: true)!;
        var plain = SegmentPayload.TryRead(bench.Channel.Buffer, segment, packedAudio: false)!;

        Assert.Equal(segment.Bytes, plain.Length);
        Assert.Equal(Media.Id3.Id3TimestampTag.Size + segment.Bytes, packed.Length);
        Assert.Equal("ID3"u8.ToArray(), packed[..3]);
        Assert.Equal(plain, packed[Media.Id3.Id3TimestampTag.Size..]);
    }
}
