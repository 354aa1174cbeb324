namespace Airwave.Media.Aac;

/// <summary>A parsed ADTS header: what the framer needs to cut AAC frames and time them.</summary>
public readonly record struct AdtsFrameHeader
{
    /// <summary>Bytes in a header without CRC.</summary>
    public const int Length = 7;

    /// <summary>Bytes in a header with CRC.</summary>
    public const int LengthWithCrc = 9;

    /// <summary>PCM samples per raw data block.</summary>
    public const int SamplesPerBlock = 1024;

    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>True for the MPEG-2 ID bit, false for MPEG-4.</summary>
    public bool IsMpeg2 { get; init; }

    /// <summary>Whether a CRC follows the fixed header (protection_absent = 0).</summary>
    public bool HasCrc { get; init; }

    /// <summary>The profile field: audio object type minus one (1 = AAC LC).</summary>
    public int Profile { get; init; }

    /// <summary>The MPEG-4 audio object type (profile + 1; 2 = AAC LC).</summary>
    public int AudioObjectType => Profile + 1;

    /// <summary>Sampling frequency index (0-12).</summary>
    public int SampleRateIndex { get; init; }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate => SampleRates[SampleRateIndex];

    /// <summary>Channel configuration (0 means defined in-band by a PCE).</summary>
    public int ChannelConfiguration { get; init; }

    /// <summary>Channels implied by the configuration (7 means 7.1, so 8).</summary>
    public int Channels => ChannelConfiguration == 7 ? 8 : ChannelConfiguration;

    /// <summary>Whole frame length in bytes, header included.</summary>
    public int FrameLength { get; init; }

    /// <summary>Decoder buffer fullness; 0x7FF signals VBR.</summary>
    public int BufferFullness { get; init; }

    /// <summary>Raw data blocks in the frame (1-4).</summary>
    public int RawDataBlocks { get; init; }

    /// <summary>PCM samples per channel in the frame.</summary>
    public int SamplesPerFrame => SamplesPerBlock * RawDataBlocks;

    /// <summary>Header bytes before the payload.</summary>
    public int HeaderLength => HasCrc ? LengthWithCrc : Length;

    /// <summary>Parses a header, returning <see cref="AdtsHeaderError.None"/> and the header when it is acceptable.</summary>
    public static AdtsHeaderError Parse(ReadOnlySpan<byte> bytes, out AdtsFrameHeader header)
    {
        header = default;
        if (bytes.Length < 2)
        {
            return AdtsHeaderError.TooShort;
        }

        if (bytes[0] != 0xFF || (bytes[1] & 0xF0) != 0xF0)
        {
            return AdtsHeaderError.NoSync;
        }

        if ((bytes[1] & 0x06) != 0)
        {
            return AdtsHeaderError.BadLayer;
        }

        var hasCrc = (bytes[1] & 0x01) == 0;
        if (bytes.Length < (hasCrc ? LengthWithCrc : Length))
        {
            return AdtsHeaderError.TooShort;
        }

        var sampleRateIndex = (bytes[2] >> 2) & 0xF;
        if (sampleRateIndex >= SampleRates.Length)
        {
            return AdtsHeaderError.ReservedSampleRate;
        }

        var frameLength = ((bytes[3] & 0x3) << 11) | (bytes[4] << 3) | (bytes[5] >> 5);
        var headerLength = hasCrc ? LengthWithCrc : Length;
        if (frameLength <= headerLength)
        {
            return AdtsHeaderError.BadFrameLength;
        }

        header = new AdtsFrameHeader
        {
            IsMpeg2 = (bytes[1] & 0x08) != 0,
            HasCrc = hasCrc,
            Profile = bytes[2] >> 6,
            SampleRateIndex = sampleRateIndex,
            ChannelConfiguration = ((bytes[2] & 0x1) << 2) | (bytes[3] >> 6),
            FrameLength = frameLength,
            BufferFullness = ((bytes[5] & 0x1F) << 6) | (bytes[6] >> 2),
            RawDataBlocks = (bytes[6] & 0x3) + 1,
        };
        return AdtsHeaderError.None;
    }
}
