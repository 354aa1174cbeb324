using System.Runtime.InteropServices;
using Airwave.Media;

namespace Airwave.Streaming.Chunks;

/// <summary>Everything about a chunk except its bytes: small, copyable, and stored by value in the rewind ring.</summary>
/// <remarks>
/// Times are UTC <see cref="DateTime"/> ticks (100 ns). The duration comes from the samples in the chunk
/// (see <see cref="ChunkTimeline"/>), never from arrival time, so consecutive chunks tile time exactly.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly record struct ChunkHeader
{
    /// <summary>Creates a header; <paramref name="payloadLength"/> must equal the length of the bytes appended with it.</summary>
    public ChunkHeader(long seq, long startTicks, long durationTicks, ChunkMarkers markers, int metadataVersion, int payloadLength, AudioFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq);
        ArgumentOutOfRangeException.ThrowIfNegative(startTicks);
        ArgumentOutOfRangeException.ThrowIfNegative(durationTicks);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startTicks, DateTime.MaxValue.Ticks - durationTicks);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        Seq = seq;
        StartTicks = startTicks;
        DurationTicks = durationTicks;
        Markers = markers;
        MetadataVersion = metadataVersion;
        PayloadLength = payloadLength;
        Format = format;
    }

    /// <summary>Channel-wide sequence number: monotonic for the channel's whole life, never reset.</summary>
    public long Seq { get; }

    /// <summary>UTC start as <see cref="DateTime"/> ticks.</summary>
    public long StartTicks { get; }

    /// <summary>Exact duration in ticks, computed from samples and sample rate.</summary>
    public long DurationTicks { get; }

    /// <summary>Discontinuity, random access and metadata markers.</summary>
    public ChunkMarkers Markers { get; }

    /// <summary>Version of the channel metadata in force for this chunk.</summary>
    public int MetadataVersion { get; }

    /// <summary>Number of payload bytes.</summary>
    public int PayloadLength { get; }

    /// <summary>The codec of the payload.</summary>
    /// <remarks>
    /// Carried per chunk because one mount may change codec when its source changes (an MP3 show, then an AAC one):
    /// a listener, a time-shifted answer or an HLS segment takes its codec from the chunks it serves, never from
    /// whatever the channel happens to be playing now.
    /// </remarks>
    public AudioFormat Format { get; }

    /// <summary>UTC end as ticks: the start of a chunk that follows without a gap.</summary>
    public long EndTicks => StartTicks + DurationTicks;

    /// <summary>UTC start.</summary>
    public DateTime StartUtc => new(StartTicks, DateTimeKind.Utc);

    /// <summary>UTC end.</summary>
    public DateTime EndUtc => new(EndTicks, DateTimeKind.Utc);

    /// <summary>Exact duration.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(DurationTicks);
}
