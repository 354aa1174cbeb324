using Airwave.Media.Hls;

namespace Airwave.Media.Tests.Hls;

public sealed class PlaylistWriterTests
{
    private static readonly DateTime Nine = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_vod_media_playlist_has_every_rfc_8216_tag_in_order_and_ends_with_endlist()
    {
        var playlist = new MediaPlaylist(7, 1041, 12, HlsPlaylistType.Vod,
        [
            new MediaPlaylistSegment("/live/hls/1041.aac", TimeSpan.FromTicks(59_733_333), Nine, false),
            new MediaPlaylistSegment("/live/hls/1042.aac", TimeSpan.FromSeconds(6.4), Nine.AddTicks(59_733_333), true),
        ]);

        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:7
            #EXT-X-MEDIA-SEQUENCE:1041
            #EXT-X-DISCONTINUITY-SEQUENCE:12
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T09:00:00.000Z
            #EXTINF:5.973,
            /live/hls/1041.aac
            #EXT-X-DISCONTINUITY
            #EXT-X-PROGRAM-DATE-TIME:2026-11-21T09:00:05.973Z
            #EXTINF:6.400,
            /live/hls/1042.aac
            #EXT-X-ENDLIST

            """.ReplaceLineEndings("\n"),
            MediaPlaylistWriter.Write(playlist));
    }

    [Fact]
    public void A_live_playlist_has_neither_playlist_type_nor_endlist()
    {
        var text = MediaPlaylistWriter.Write(new MediaPlaylist(6, 0, 0, HlsPlaylistType.Live, [new MediaPlaylistSegment("0.mp3", TimeSpan.FromSeconds(6), Nine, false)]));

        Assert.DoesNotContain("PLAYLIST-TYPE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ENDLIST", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_master_playlist_lists_bandwidth_and_codecs_of_each_rendition()
    {
        var text = MasterPlaylistWriter.Write(
        [
            new PlaylistVariant("/radio-aac.m3u8?sid=1", 64_000, "mp4a.40.2"),
            new PlaylistVariant("/radio-mp3.m3u8?sid=1", 128_000, "mp4a.40.34"),
            new PlaylistVariant("/tv.m3u8", 2_500_000, null),
        ]);

        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"
            /radio-aac.m3u8?sid=1
            #EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS="mp4a.40.34"
            /radio-mp3.m3u8?sid=1
            #EXT-X-STREAM-INF:BANDWIDTH=2500000
            /tv.m3u8

            """.ReplaceLineEndings("\n"),
            text);
    }
}
