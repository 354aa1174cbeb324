namespace Airwave.Media.Tests;

public class AudioContentTypesTests
{
    [Theory]
    [InlineData("audio/mpeg", AudioFormat.Mp3)]
    [InlineData("Audio/MPEG; charset=binary", AudioFormat.Mp3)]
    [InlineData("audio/aac", AudioFormat.Aac)]
    [InlineData("audio/aacp", AudioFormat.Aac)]
    [InlineData("audio/x-aac", AudioFormat.Aac)]
    public void Known_content_types_map_to_formats(string contentType, AudioFormat expected)
    {
        Assert.True(AudioContentTypes.TryGetFormat(contentType, out var format));
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("video/mp2t")]
    [InlineData("text/html")]
    [InlineData("")]
    public void Other_content_types_are_unknown(string contentType)
    {
        Assert.False(AudioContentTypes.TryGetFormat(contentType, out var format));
        Assert.Equal(AudioFormat.Unknown, format);
    }

    [Fact]
    public void Formats_map_back_to_content_types_and_extensions()
    {
        Assert.Equal("audio/mpeg", AudioContentTypes.GetContentType(AudioFormat.Mp3));
        Assert.Equal("audio/aac", AudioContentTypes.GetContentType(AudioFormat.Aac));
        Assert.Equal(".mp3", AudioContentTypes.GetFileExtension(AudioFormat.Mp3));
        Assert.Equal(".aac", AudioContentTypes.GetFileExtension(AudioFormat.Aac));
    }
}
