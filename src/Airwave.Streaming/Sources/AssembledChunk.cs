using System.Buffers;
using Airwave.Media;

namespace Airwave.Streaming.Sources;

/// <summary>Whole audio frames grouped into one chunk, in a pooled buffer the channel returns to the pool once appended.</summary>
/// <param name="Buffer">Rented from <see cref="ArrayPool{T}.Shared"/>; the first <paramref name="Length"/> bytes are audio.</param>
/// <param name="Length">Audio bytes in <paramref name="Buffer"/>.</param>
/// <param name="Samples">Samples per channel in the chunk.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Format">MP3 or AAC.</param>
/// <param name="Channels">Audio channels.</param>
/// <param name="Bitrate">Bitrate of the last frame in bit/s.</param>
public sealed record AssembledChunk(byte[] Buffer, int Length, int Samples, int SampleRate, AudioFormat Format, int Channels, int Bitrate)
{
    /// <summary>Markers the source knows about (a TS chunk's random access point, an upstream discontinuity); the channel adds its own.</summary>
    public Chunks.ChunkMarkers Markers { get; init; }

    public ReadOnlySpan<byte> Payload => Buffer.AsSpan(0, Length);

    /// <summary>Gives the buffer back to the pool; the chunk must not be used afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}
