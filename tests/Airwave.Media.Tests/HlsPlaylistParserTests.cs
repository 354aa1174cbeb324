using System.Text;
using Airwave.Media.Hls;

namespace Airwave.Media.Tests;

public class HlsPlaylistParserTests
{
    private const string Master = """
        #EXTM3U
        #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",NAME="low"
        low/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",NAME="hd"
        hd/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=960x540
        mid/index.m3u8
        """;

    [Fact]
    public void Media_playlist_gives_sequence_numbers_durations_and_discontinuities()
    {
        var playlist = Assert.IsType<ParsedMediaPlaylist>(HlsPlaylistParser.Parse("""
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:6
            #EXT-X-MEDIA-SEQUENCE:120
            #EXT-X-DISCONTINUITY-SEQUENCE:4
            #EXTINF:6.006,title
            a.ts
            #EXT-X-DISCONTINUITY
            #EXTINF:5.5,
            b.ts
            """));

        Assert.Equal(TimeSpan.FromSeconds(6), playlist.TargetDuration);
        Assert.Equal(120, playlist.MediaSequence);
        Assert.Equal(4, playlist.DiscontinuitySequence);
        Assert.Equal([120L, 121L], playlist.Segments.Select(s => s.Sequence));
        Assert.Equal(["a.ts", "b.ts"], playlist.Segments.Select(s => s.Uri));
        Assert.False(playlist.Segments[0].Discontinuity);
        Assert.True(playlist.Segments[1].Discontinuity);
        Assert.Equal(122, playlist.NextSequence);
        Assert.False(playlist.Ended);
        Assert.Null(playlist.Unsupported);
    }

    [Fact]
    public void Master_playlist_lists_variants_and_the_selector_picks_one()
    {
        var master = Assert.IsType<ParsedMasterPlaylist>(HlsPlaylistParser.Parse(Master));

        Assert.Equal(3, master.Variants.Count);
        Assert.Equal("hd/index.m3u8", HlsVariantSelector.Choose(master, "", "", 0)!.Uri);
        Assert.Equal("low/index.m3u8", HlsVariantSelector.Choose(master, "LOW", "", 0)!.Uri);
        Assert.Equal("mid/index.m3u8", HlsVariantSelector.Choose(master, "", "960x540", 0)!.Uri);
        Assert.Equal("mid/index.m3u8", HlsVariantSelector.Choose(master, "", "", 2_000_000)!.Uri);
        Assert.Equal("low/index.m3u8", HlsVariantSelector.Choose(master, "", "", 100)!.Uri);
        Assert.Equal("avc1.4d401f,mp4a.40.2", master.Variants[1].Codecs);
    }

    [Theory]
    [InlineData("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:2,\na.ts\n", "encrypted")]
    [InlineData("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2,\na.m4s\n", "fragmented MP4")]
    public void Segments_airwave_cannot_relay_are_named(string text, string why) =>
        Assert.Contains(why, Assert.IsType<ParsedMediaPlaylist>(HlsPlaylistParser.Parse(text)).Unsupported, StringComparison.Ordinal);

    [Theory]
    [InlineData("<html>nope</html>")]
    [InlineData("")]
    [InlineData("#EXTM3U\n#EXT-X-TARGETDURATION:abc\n")]
    [InlineData("#EXTM3U\n#EXT-X-VERSION:3\n")]
    public void Non_playlists_are_refused(string text) =>
        Assert.Throws<HlsPlaylistFormatException>(() => HlsPlaylistParser.Parse(text));

    [Fact]
    public void Bom_crlf_and_endlist_are_handled()
    {
        var playlist = Assert.IsType<ParsedMediaPlaylist>(HlsPlaylistParser.Parse("\uFEFF#EXTM3U\r\n#EXT-X-TARGETDURATION:4\r\n#EXTINF:4,\r\nx.aac\r\n#EXT-X-ENDLIST\r\n"));

        Assert.True(playlist.Ended);
        Assert.Equal("x.aac", playlist.Segments.Single().Uri);
    }

    [Fact]
    public void Random_mutations_either_parse_or_throw_the_format_exception()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var sources = new[] { Master, "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:2.0,\na.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.0,\nb.ts\n" };
        const string Alphabet = "#EXTM3U-:=,\"\n\r0123456789.XINFSEQ ";
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var text = new StringBuilder(sources[random.Next(sources.Length)]);
            for (var edits = random.Next(1, 12); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at));
                        break;
                    case 1:
                        text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    default:
                        text[at] = (char)random.Next(1, 0x3000);
                        break;
                }
            }

            try
            {
                var parsed = HlsPlaylistParser.Parse(text.ToString());
                if (parsed is ParsedMediaPlaylist media)
                {
                    Assert.All(media.Segments, s => Assert.Equal(media.MediaSequence + media.Segments.ToList().IndexOf(s), s.Sequence));
                }
            }
            catch (HlsPlaylistFormatException)
            {
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}, iteration {iteration}: {e.GetType().Name} {e.Message} for:\n{text}", e);
            }
        }
    }
}
