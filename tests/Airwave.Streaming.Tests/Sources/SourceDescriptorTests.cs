using System.Buffers;
using System.Text;
using Airwave.Media;
using Airwave.Streaming.Sources;
using Xunit;

namespace Airwave.Streaming.Tests.Sources;

public sealed class SourceDescriptorTests
{
    [Fact]
    public void Reads_the_ice_headers()
    {
        var source = FromHeaders(
            "ice-name: Morning", "ice-description: News and music", "ice-genre: Talk", "ice-url: https://example.org",
            "ice-public: 1", "ice-bitrate: 128", "User-Agent: Lavf/61");

        Assert.Equal("Morning", source.Name);
        Assert.Equal("News and music", source.Description);
        Assert.Equal("Talk", source.Genre);
        Assert.Equal("https://example.org", source.Url);
        Assert.True(source.Public);
        Assert.Equal(128, source.Bitrate);
        Assert.Equal("Lavf/61", source.UserAgent);
        Assert.Equal(AudioFormat.Mp3, source.Format);
        Assert.Equal("10.0.0.1", source.Remote);
    }

    [Fact]
    public void Falls_back_to_the_icy_headers()
    {
        var source = FromHeaders("icy-name: Old", "icy-genre: Rock", "icy-url: http://x", "icy-pub: 1", "icy-br: 64");

        Assert.Equal("Old", source.Name);
        Assert.Equal("Rock", source.Genre);
        Assert.Equal("http://x", source.Url);
        Assert.True(source.Public);
        Assert.Equal(64, source.Bitrate);
    }

    [Theory]
    [InlineData("ice-samplerate=44100;ice-bitrate=96;ice-channels=2", 96)]
    [InlineData("channels=2; bitrate=192 ;samplerate=48000", 192)]
    [InlineData("samplerate=44100", 0)]
    public void Takes_the_bitrate_from_ice_audio_info_when_not_announced_otherwise(string audioInfo, int expected) =>
        Assert.Equal(expected, FromHeaders("ice-audio-info: " + audioInfo).Bitrate);

    [Theory]
    [InlineData("ice-bitrate: abc")]
    [InlineData("ice-bitrate: -5")]
    [InlineData("ice-bitrate: 999999")]
    public void An_implausible_bitrate_counts_as_unknown(string header) => Assert.Equal(0, FromHeaders(header).Bitrate);

    [Fact]
    public void Absent_headers_leave_empty_fields_and_a_private_stream()
    {
        var source = FromHeaders();

        Assert.Equal("", source.Name);
        Assert.Equal("", source.UserAgent);
        Assert.False(source.Public);
        Assert.Equal(0, source.Bitrate);
    }

    [Fact]
    public void Every_descriptor_gets_its_own_id() =>
        Assert.NotEqual(FromHeaders().Id, FromHeaders().Id);

    private static SourceDescriptor FromHeaders(params string[] headers)
    {
        var text = "PUT /live HTTP/1.1\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";
        var head = SourceRequestHeadParser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text))).Head!;
        return SourceDescriptor.FromHead(head, "10.0.0.1", AudioFormat.Mp3);
    }
}
