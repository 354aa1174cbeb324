using Airwave.Streaming.Transcoding;
using Xunit;

namespace Airwave.Streaming.Tests.Transcoding;

public sealed class FfmpegPlaylistTests
{
    [Fact]
    public void Lists_each_finished_segment_with_its_length_in_order()
    {
        const string text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:10\n#EXT-X-PLAYLIST-TYPE:EVENT\n"
            + "#EXTINF:6.013967,\nr1-10.ts\n#EXTINF:5.990756,\nr1-11.ts\n#EXTINF:4.714244,\nr1-12.ts\n#EXT-X-ENDLIST\n";

        var segments = FfmpegPlaylist.Segments(text);

        Assert.Equal([("r1-10.ts", 6.013967), ("r1-11.ts", 5.990756), ("r1-12.ts", 4.714244)], segments);
    }

    [Fact]
    public void A_playlist_being_written_yields_what_is_complete()
    {
        Assert.Equal([("r0-0.ts", 4.0)], FfmpegPlaylist.Segments("#EXTM3U\r\n#EXTINF:4.000000,\r\nr0-0.ts\r\n#EXTINF:4.0"));
        Assert.Empty(FfmpegPlaylist.Segments(""));
    }
}
