namespace Airwave.Media.Mp3;

/// <summary>A parsed four-byte MPEG audio frame header: what the framer needs to cut frames and time them.</summary>
public readonly record struct Mp3FrameHeader
{
    /// <summary>Bytes in a frame header.</summary>
    public const int Length = 4;

    private static readonly short[] BitratesV1L1 = [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
    private static readonly short[] BitratesV1L2 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
    private static readonly short[] BitratesV1L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly short[] BitratesV2L1 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
    private static readonly short[] BitratesV2L23 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    private static readonly int[] SampleRatesV1 = [44100, 48000, 32000];

    /// <summary>MPEG version.</summary>
    public MpegVersion Version { get; init; }

    /// <summary>Layer (II or III once parsed successfully).</summary>
    public MpegLayer Layer { get; init; }

    /// <summary>Bitrate in bits per second.</summary>
    public int Bitrate { get; init; }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; init; }

    /// <summary>Whether the frame carries one extra padding slot.</summary>
    public bool HasPadding { get; init; }

    /// <summary>Whether a 16-bit CRC follows the header.</summary>
    public bool HasCrc { get; init; }

    /// <summary>Channel mode.</summary>
    public MpegChannelMode ChannelMode { get; init; }

    /// <summary>Decoded channels: 1 for mono, otherwise 2.</summary>
    public int Channels => ChannelMode == MpegChannelMode.Mono ? 1 : 2;

    /// <summary>PCM samples per channel in the frame: 1152, or 576 for Layer III at MPEG-2/2.5.</summary>
    public int SamplesPerFrame { get; init; }

    /// <summary>Whole frame length in bytes, header included.</summary>
    public int FrameLength { get; init; }

    /// <summary>Bytes of side information after the header (and CRC), where a Xing/Info tag begins in Layer III.</summary>
    public int SideInfoLength => (Version, ChannelMode) switch
    {
        (MpegVersion.Mpeg1, MpegChannelMode.Mono) => 17,
        (MpegVersion.Mpeg1, _) => 32,
        (_, MpegChannelMode.Mono) => 9,
        _ => 17,
    };

    /// <summary>Parses a header, returning <see cref="Mp3HeaderError.None"/> and the header when it is acceptable.</summary>
    public static Mp3HeaderError Parse(ReadOnlySpan<byte> bytes, out Mp3FrameHeader header)
    {
        header = default;
        if (bytes.Length < Length)
        {
            return Mp3HeaderError.TooShort;
        }

        if (bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
        {
            return Mp3HeaderError.NoSync;
        }

        var version = ((bytes[1] >> 3) & 0x3) switch
        {
            0 => MpegVersion.Mpeg25,
            2 => MpegVersion.Mpeg2,
            3 => MpegVersion.Mpeg1,
            _ => (MpegVersion)0,
        };
        if (version == 0)
        {
            return Mp3HeaderError.ReservedVersion;
        }

        var layerBits = (bytes[1] >> 1) & 0x3;
        if (layerBits == 0)
        {
            return Mp3HeaderError.ReservedLayer;
        }

        var layer = (MpegLayer)(4 - layerBits);
        if (layer == MpegLayer.Layer1)
        {
            return Mp3HeaderError.UnsupportedLayer;
        }

        var bitrateIndex = bytes[2] >> 4;
        if (bitrateIndex == 0)
        {
            return Mp3HeaderError.FreeFormat;
        }

        if (bitrateIndex == 15)
        {
            return Mp3HeaderError.BadBitrate;
        }

        var sampleRateIndex = (bytes[2] >> 2) & 0x3;
        if (sampleRateIndex == 3)
        {
            return Mp3HeaderError.ReservedSampleRate;
        }

        if ((bytes[3] & 0x3) == 2)
        {
            return Mp3HeaderError.ReservedEmphasis;
        }

        var sampleRate = version switch
        {
            MpegVersion.Mpeg1 => SampleRatesV1[sampleRateIndex],
            MpegVersion.Mpeg2 => SampleRatesV1[sampleRateIndex] / 2,
            _ => SampleRatesV1[sampleRateIndex] / 4,
        };
        var bitrate = 1000 * BitrateTable(version, layer)[bitrateIndex];
        var padding = (bytes[2] & 0x2) != 0;
        var samples = layer == MpegLayer.Layer3 && version != MpegVersion.Mpeg1 ? 576 : 1152;
        header = new Mp3FrameHeader
        {
            Version = version,
            Layer = layer,
            Bitrate = bitrate,
            SampleRate = sampleRate,
            HasPadding = padding,
            HasCrc = (bytes[1] & 0x1) == 0,
            ChannelMode = (MpegChannelMode)(bytes[3] >> 6),
            SamplesPerFrame = samples,
            FrameLength = (samples / 8 * bitrate / sampleRate) + (padding ? 1 : 0),
        };
        return Mp3HeaderError.None;
    }

    private static short[] BitrateTable(MpegVersion version, MpegLayer layer) => (version, layer) switch
    {
        (MpegVersion.Mpeg1, MpegLayer.Layer1) => BitratesV1L1,
        (MpegVersion.Mpeg1, MpegLayer.Layer2) => BitratesV1L2,
        (MpegVersion.Mpeg1, _) => BitratesV1L3,
        (_, MpegLayer.Layer1) => BitratesV2L1,
        _ => BitratesV2L23,
    };
}
