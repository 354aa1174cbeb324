using Airwave.Streaming.Sources;
using Xunit;

namespace Airwave.Streaming.Tests.Sources;

public sealed class UnsupportedContentTypeTests
{
    [Theory]
    [InlineData("application/ogg")]
    [InlineData("audio/ogg")]
    [InlineData("video/ogg")]
    [InlineData("Application/OGG; codecs=vorbis")]
    [InlineData("audio/vorbis")]
    [InlineData("audio/opus")]
    public void Ogg_is_named_as_not_supported_yet(string contentType)
    {
        var body = UnsupportedContentType.Body(contentType);

        Assert.StartsWith("Content-type not supported: Ogg (", body, StringComparison.Ordinal);
        Assert.Contains("is not supported yet; send MP3 (audio/mpeg) or AAC in ADTS (audio/aac)", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_type_is_named_without_its_parameters() =>
        Assert.Equal(
            "Content-type not supported: text/html is not audio Airwave can take; send MP3 (audio/mpeg) or AAC in ADTS (audio/aac)",
            UnsupportedContentType.Body("text/html; charset=utf-8"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_missing_content_type_says_so(string? contentType) =>
        Assert.Equal(
            "Content-type not supported: no Content-Type header; send MP3 (audio/mpeg) or AAC in ADTS (audio/aac)",
            UnsupportedContentType.Body(contentType));
}
