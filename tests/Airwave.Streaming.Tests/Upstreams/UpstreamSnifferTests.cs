using System.Text;
using Airwave.Streaming.Upstreams;
using Xunit;

namespace Airwave.Streaming.Tests.Upstreams;

public class UpstreamSnifferTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Sources.Fixtures.Path(name))[..UpstreamSniffer.SniffBytes];

    [Theory]
    [InlineData("tone-128k-44100-stereo.mp3", "", UpstreamType.Icecast)]
    [InlineData("tone-64k-48000-stereo.aac", "application/octet-stream", UpstreamType.Icecast)]
    [InlineData("video-320x180-h264-aac.ts", "", UpstreamType.Ts)]
    [InlineData("hls/index.m3u8", "text/plain", UpstreamType.Hls)]
    public void Media_is_recognised_by_its_bytes_whatever_the_content_type(string fixture, string contentType, UpstreamType expected)
    {
        var bytes = fixture.EndsWith(".m3u8", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes("#EXTM3U\n#EXTINF:2,\na.ts\n") : Fixture(fixture);

        Assert.Equal(expected, UpstreamSniffer.Sniff(contentType, bytes, out _));
    }

    [Fact]
    public void Playlist_content_type_is_enough() =>
        Assert.Equal(UpstreamType.Hls, UpstreamSniffer.Sniff("application/vnd.apple.mpegurl", "\n\n#EXTM3U"u8, out _));

    [Fact]
    public void Html_error_page_is_refused_with_a_reason()
    {
        Assert.Null(UpstreamSniffer.Sniff("text/html; charset=utf-8", "<!DOCTYPE html><html>503</html>"u8, out var reason));
        Assert.Contains("HTML", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_is_refused()
    {
        var noise = new byte[UpstreamSniffer.SniffBytes];
        new Random(7).NextBytes(noise);
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] &= 0x7F;
        }

        Assert.Null(UpstreamSniffer.Sniff("audio/mpeg", noise, out var reason));
        Assert.Contains("neither", reason, StringComparison.Ordinal);
    }
}
