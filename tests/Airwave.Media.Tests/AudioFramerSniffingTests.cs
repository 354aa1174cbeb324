using System.Text;
using Airwave.Media.Framing;
using Airwave.Media.Tests.Support;

namespace Airwave.Media.Tests;

public class AudioFramerSniffingTests
{
    [Fact]
    public void Html_page_is_not_audio_after_the_sniff_limit()
    {
        var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Icecast Streaming Media Server</title></head><body>"
            + string.Concat(Enumerable.Repeat("<p>This mount is not available. Try again later.</p>", 2000)) + "</body></html>");
        var stream = new FramedStream(new AudioFramerOptions { SniffLimitBytes = 16 * 1024 });

        foreach (var chunk in html.Chunk(4096))
        {
            stream.Feed(chunk);
        }

        Assert.Equal(AudioFramerStatus.NotAudio, stream.LastStatus);
        Assert.True(stream.Framer.IsNotAudio);
        Assert.InRange(stream.Framer.SkippedBytes, 16 * 1024, 16 * 1024 + 4096);
        Assert.Empty(stream.Frames);
    }

    [Fact]
    public void Random_bytes_are_not_audio_after_the_sniff_limit()
    {
        var bytes = new byte[200_000];
        new Random(42).NextBytes(bytes);
        var stream = new FramedStream();

        foreach (var chunk in bytes.Chunk(1000))
        {
            stream.Feed(chunk);
            if (stream.LastStatus == AudioFramerStatus.NotAudio)
            {
                break;
            }
        }

        Assert.Equal(AudioFramerStatus.NotAudio, stream.LastStatus);
        Assert.Empty(stream.Frames);
        Assert.InRange(stream.Framer.Position, 64 * 1024, 64 * 1024 + 1000);
    }

    [Fact]
    public void A_stream_that_ends_before_any_frame_is_not_audio()
    {
        var stream = FramedStream.FeedWhole("hello"u8.ToArray());

        Assert.Equal(AudioFramerStatus.NotAudio, stream.LastStatus);
    }

    [Theory]
    [InlineData(Fixtures.Mp3Stereo128k, AudioFormat.Mp3)]
    [InlineData(Fixtures.Aac64k, AudioFormat.Aac)]
    public void Format_is_sniffed_from_the_bytes(string fixture, AudioFormat expected)
    {
        var stream = new FramedStream();

        stream.Feed(Fixtures.Read(fixture)[..4096]);

        Assert.True(stream.Framer.IsLocked);
        Assert.Equal(expected, stream.Framer.Format);
    }
}
