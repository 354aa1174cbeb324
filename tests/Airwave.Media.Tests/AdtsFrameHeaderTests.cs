using Airwave.Media.Aac;
using Airwave.Media.Tests.Support;

namespace Airwave.Media.Tests;

public class AdtsFrameHeaderTests
{
    [Fact]
    public void Header_gives_profile_rate_channels_length_and_fullness()
    {
        Assert.Equal(AdtsHeaderError.None, AdtsFrameHeader.Parse(SyntheticFrames.Adts(371), out var header));

        Assert.False(header.HasCrc);
        Assert.Equal(7, header.HeaderLength);
        Assert.Equal(1, header.Profile);
        Assert.Equal(2, header.AudioObjectType);
        Assert.Equal(48000, header.SampleRate);
        Assert.Equal(2, header.Channels);
        Assert.Equal(371, header.FrameLength);
        Assert.Equal(0x7FF, header.BufferFullness);
        Assert.Equal(1, header.RawDataBlocks);
        Assert.Equal(1024, header.SamplesPerFrame);
    }

    [Fact]
    public void Crc_protected_header_is_nine_bytes()
    {
        Assert.Equal(AdtsHeaderError.None, AdtsFrameHeader.Parse(SyntheticFrames.Adts(300, crc: true), out var header));

        Assert.True(header.HasCrc);
        Assert.Equal(9, header.HeaderLength);
        Assert.Equal(AdtsHeaderError.TooShort, AdtsFrameHeader.Parse(SyntheticFrames.Adts(300, crc: true).AsSpan(0, 8), out _));
    }

    [Fact]
    public void Several_raw_data_blocks_multiply_the_samples()
    {
        AdtsFrameHeader.Parse(SyntheticFrames.Adts(800, blocks: 4), out var header);

        Assert.Equal(4, header.RawDataBlocks);
        Assert.Equal(4096, header.SamplesPerFrame);
    }

    [Fact]
    public void Fixture_first_header_is_lc_48k_stereo()
    {
        Assert.Equal(AdtsHeaderError.None, AdtsFrameHeader.Parse(Fixtures.Read(Fixtures.Aac64k), out var header));

        Assert.Equal(2, header.AudioObjectType);
        Assert.Equal(48000, header.SampleRate);
        Assert.Equal(2, header.ChannelConfiguration);
        Assert.Equal(132, header.FrameLength);
    }

    [Fact]
    public void Bad_headers_are_rejected_with_a_reason()
    {
        var badLayer = SyntheticFrames.Adts();
        badLayer[1] |= 0x02;
        var reservedRate = SyntheticFrames.Adts();
        reservedRate[2] = (byte)((reservedRate[2] & ~0x3C) | (13 << 2));
        var noSync = SyntheticFrames.Adts();
        noSync[1] = 0x71;

        Assert.Equal(AdtsHeaderError.BadLayer, AdtsFrameHeader.Parse(badLayer, out _));
        Assert.Equal(AdtsHeaderError.ReservedSampleRate, AdtsFrameHeader.Parse(reservedRate, out _));
        Assert.Equal(AdtsHeaderError.NoSync, AdtsFrameHeader.Parse(noSync, out _));
        Assert.Equal(AdtsHeaderError.BadFrameLength, AdtsFrameHeader.Parse(SyntheticFrames.Adts(7), out _));
        Assert.Equal(AdtsHeaderError.TooShort, AdtsFrameHeader.Parse(SyntheticFrames.Adts().AsSpan(0, 6), out _));
    }
}
