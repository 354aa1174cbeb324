using Airwave.Media.Aac;
using Airwave.Media.Mp3;

namespace Airwave.Media.Framing;

/// <summary>A frame header found in the stream, reduced to what framing compares and reports.</summary>
internal readonly record struct FrameCandidate(
    AudioFormat Format,
    int FrameLength,
    int SampleRate,
    int Channels,
    int Samples,
    int Bitrate,
    Mp3FrameHeader Mp3Header)
{
    /// <summary>Bytes that must be available to parse any header (ADTS with CRC).</summary>
    public const int MaxHeaderLength = AdtsFrameHeader.LengthWithCrc;

    /// <summary>What must stay the same between frames of one stream: format, rate, channels, layer or profile.</summary>
    public long ConsistencyKey { get; init; }

    /// <summary>Parses an MP3 or ADTS header at the start of <paramref name="bytes"/> (which starts with 0xFF).</summary>
    public static HeaderOutcome TryParse(ReadOnlySpan<byte> bytes, AudioFormat expected, out FrameCandidate candidate)
    {
        candidate = default;
        if (bytes.Length < 2)
        {
            return HeaderOutcome.TooShort;
        }

        var isAdts = (bytes[1] & 0xF6) == 0xF0;
        if (isAdts)
        {
            return expected == AudioFormat.Mp3 ? HeaderOutcome.Invalid : FromAdts(bytes, out candidate);
        }

        return expected == AudioFormat.Aac ? HeaderOutcome.Invalid : FromMp3(bytes, out candidate);
    }

    private static HeaderOutcome FromAdts(ReadOnlySpan<byte> bytes, out FrameCandidate candidate)
    {
        candidate = default;
        var error = AdtsFrameHeader.Parse(bytes, out var header);
        if (error != AdtsHeaderError.None)
        {
            return error == AdtsHeaderError.TooShort ? HeaderOutcome.TooShort : HeaderOutcome.Invalid;
        }

        var samples = header.SamplesPerFrame;
        candidate = new FrameCandidate(
            AudioFormat.Aac,
            header.FrameLength,
            header.SampleRate,
            header.Channels,
            samples,
            (int)((long)header.FrameLength * 8 * header.SampleRate / samples),
            default)
        {
            ConsistencyKey = Key(AudioFormat.Aac, header.SampleRate, header.ChannelConfiguration, header.Profile),
        };
        return HeaderOutcome.Valid;
    }

    private static HeaderOutcome FromMp3(ReadOnlySpan<byte> bytes, out FrameCandidate candidate)
    {
        candidate = default;
        var error = Mp3FrameHeader.Parse(bytes, out var header);
        if (error != Mp3HeaderError.None)
        {
            return error == Mp3HeaderError.TooShort ? HeaderOutcome.TooShort : HeaderOutcome.Invalid;
        }

        candidate = new FrameCandidate(
            AudioFormat.Mp3,
            header.FrameLength,
            header.SampleRate,
            header.Channels,
            header.SamplesPerFrame,
            header.Bitrate,
            header)
        {
            ConsistencyKey = Key(AudioFormat.Mp3, header.SampleRate, header.Channels, (int)header.Layer),
        };
        return HeaderOutcome.Valid;
    }

    private static long Key(AudioFormat format, int sampleRate, int channels, int variant) =>
        ((long)format << 40) | ((long)sampleRate << 12) | ((long)channels << 4) | (long)variant;
}
