using Airwave.Media.Mp3;

namespace Airwave.Media.Tests;

public class Mp3FrameHeaderTests
{
    [Fact]
    public void Mpeg1_layer3_header_gives_rate_bitrate_and_length()
    {
        Assert.Equal(Mp3HeaderError.None, Mp3FrameHeader.Parse([0xFF, 0xFB, 0x90, 0x44], out var header));

        Assert.Equal(MpegVersion.Mpeg1, header.Version);
        Assert.Equal(MpegLayer.Layer3, header.Layer);
        Assert.Equal(128000, header.Bitrate);
        Assert.Equal(44100, header.SampleRate);
        Assert.Equal(MpegChannelMode.JointStereo, header.ChannelMode);
        Assert.Equal(2, header.Channels);
        Assert.Equal(1152, header.SamplesPerFrame);
        Assert.Equal(417, header.FrameLength);
        Assert.False(header.HasPadding);
        Assert.False(header.HasCrc);
    }

    [Fact]
    public void Padding_adds_one_byte()
    {
        Mp3FrameHeader.Parse([0xFF, 0xFB, 0x92, 0x44], out var header);

        Assert.True(header.HasPadding);
        Assert.Equal(418, header.FrameLength);
    }

    [Fact]
    public void Mpeg2_layer3_has_576_samples_and_half_length()
    {
        Assert.Equal(Mp3HeaderError.None, Mp3FrameHeader.Parse([0xFF, 0xF3, 0x40, 0xC0], out var header));

        Assert.Equal(MpegVersion.Mpeg2, header.Version);
        Assert.Equal(22050, header.SampleRate);
        Assert.Equal(32000, header.Bitrate);
        Assert.Equal(MpegChannelMode.Mono, header.ChannelMode);
        Assert.Equal(1, header.Channels);
        Assert.Equal(576, header.SamplesPerFrame);
        Assert.Equal(104, header.FrameLength);
    }

    [Fact]
    public void Mpeg25_uses_the_lowest_sample_rates()
    {
        Assert.Equal(Mp3HeaderError.None, Mp3FrameHeader.Parse([0xFF, 0xE3, 0x18, 0xC0], out var header));

        Assert.Equal(MpegVersion.Mpeg25, header.Version);
        Assert.Equal(8000, header.SampleRate);
        Assert.Equal(8000, header.Bitrate);
        Assert.Equal(576, header.SamplesPerFrame);
        Assert.Equal(72, header.FrameLength);
    }

    [Fact]
    public void Layer2_is_accepted_with_1152_samples()
    {
        Assert.Equal(Mp3HeaderError.None, Mp3FrameHeader.Parse([0xFF, 0xFD, 0x90, 0x00], out var header));

        Assert.Equal(MpegLayer.Layer2, header.Layer);
        Assert.Equal(160000, header.Bitrate);
        Assert.Equal(1152, header.SamplesPerFrame);
        Assert.Equal(522, header.FrameLength);
    }

    [Fact]
    public void Crc_bit_is_reported()
    {
        Mp3FrameHeader.Parse([0xFF, 0xFA, 0x90, 0x00], out var header);

        Assert.True(header.HasCrc);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x00, 0x00 }, Mp3HeaderError.FreeFormat)]
    [InlineData(new byte[] { 0xFF, 0xFB, 0xF0, 0x00 }, Mp3HeaderError.BadBitrate)]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x9C, 0x00 }, Mp3HeaderError.ReservedSampleRate)]
    [InlineData(new byte[] { 0xFF, 0xF9, 0x90, 0x00 }, Mp3HeaderError.ReservedLayer)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0x90, 0x00 }, Mp3HeaderError.UnsupportedLayer)]
    [InlineData(new byte[] { 0xFF, 0xEB, 0x90, 0x00 }, Mp3HeaderError.ReservedVersion)]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90, 0x02 }, Mp3HeaderError.ReservedEmphasis)]
    [InlineData(new byte[] { 0xFE, 0xFB, 0x90, 0x00 }, Mp3HeaderError.NoSync)]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90 }, Mp3HeaderError.TooShort)]
    public void Bad_headers_are_rejected_with_a_reason(byte[] bytes, Mp3HeaderError expected)
    {
        Assert.Equal(expected, Mp3FrameHeader.Parse(bytes, out var header));
        Assert.Equal(default, header);
    }
}
