using System.Buffers;
using Airwave.Media.Mp3;

namespace Airwave.Media.Framing;

/// <summary>One whole MP3 or ADTS frame cut from a byte stream, with what is needed to time it.</summary>
/// <remarks><see cref="Data"/> is a slice of the caller's buffer: copy it before advancing the reader past it.</remarks>
public readonly struct AudioFrame
{
    /// <summary>The frame's bytes, header included.</summary>
    public ReadOnlySequence<byte> Data { get; init; }

    /// <summary>Frame format.</summary>
    public AudioFormat Format { get; init; }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; init; }

    /// <summary>Channel count from the header (0 for ADTS channel configuration 0).</summary>
    public int Channels { get; init; }

    /// <summary>PCM samples per channel the frame decodes to; duration is Samples / SampleRate.</summary>
    public int Samples { get; init; }

    /// <summary>Bitrate in bits per second (for ADTS derived from this frame's length).</summary>
    public int Bitrate { get; init; }

    /// <summary>Which Xing/Info/VBRI tag the frame holds instead of audio, if any.</summary>
    public Mp3InfoTagKind InfoTag { get; init; }

    /// <summary>Offset of the frame's first byte from the start of the stream fed to the framer.</summary>
    public long StreamOffset { get; init; }

    /// <summary>Frame length in bytes.</summary>
    public int Length => (int)Data.Length;

    /// <summary>Exact duration in ticks.</summary>
    public long DurationTicks => SampleDuration.ToTicks(Samples, SampleRate);
}
