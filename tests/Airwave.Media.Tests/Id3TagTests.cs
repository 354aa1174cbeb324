using Airwave.Media.Id3;
using Airwave.Media.Tests.Support;

namespace Airwave.Media.Tests;

public class Id3TagTests
{
    [Fact]
    public void Syncsafe_size_is_decoded()
    {
        Assert.True(Id3v2TagHeader.TryParse(SyntheticFrames.Id3v2(300_000), out var header));

        Assert.Equal(300_000, header.BodySize);
        Assert.Equal(300_010, header.TotalSize);
        Assert.False(header.HasFooter);
    }

    [Fact]
    public void Footer_flag_adds_ten_bytes()
    {
        Assert.True(Id3v2TagHeader.TryParse(SyntheticFrames.Id3v2(50, footer: true), out var header));

        Assert.True(header.HasFooter);
        Assert.Equal(70, header.TotalSize);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0x80, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'I', (byte)'D', (byte)'3', 9, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'I', (byte)'D', (byte)'4', 4, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0 })]
    public void Non_tags_are_not_parsed(byte[] bytes) => Assert.False(Id3v2TagHeader.TryParse(bytes, out _));

    [Fact]
    public void Id3v1_tag_is_recognized_by_its_marker()
    {
        Assert.True(Id3v1Tag.StartsWithTag("TAGtitle"u8));
        Assert.False(Id3v1Tag.StartsWithTag("TAB"u8));
        Assert.Equal(128, Id3v1Tag.Length);
    }
}
