using System.Buffers;

namespace Airwave.Media.Ts;

/// <summary>Whole transport packets cut at a random access point, timed by PTS; the buffer is pooled.</summary>
/// <param name="Buffer">Rented from <see cref="ArrayPool{T}.Shared"/>; the first <paramref name="Length"/> bytes are packets.</param>
/// <param name="Length">Bytes of packets (a multiple of 188).</param>
/// <param name="Duration">Duration in 90 kHz ticks, from the timing stream's PTS.</param>
/// <param name="RandomAccess">True when the chunk starts at a point a decoder can begin at.</param>
/// <param name="Discontinuity">True when timestamps jumped or the caller marked a break before this chunk.</param>
public sealed record TsChunk(byte[] Buffer, int Length, long Duration, bool RandomAccess, bool Discontinuity)
{
    /// <summary>The packets.</summary>
    public ReadOnlySpan<byte> Payload => Buffer.AsSpan(0, Length);

    /// <summary>Gives the buffer back to the pool; the chunk must not be used afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}
