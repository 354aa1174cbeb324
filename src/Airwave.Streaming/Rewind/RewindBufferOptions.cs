namespace Airwave.Streaming.Rewind;

/// <summary>How much a rewind buffer keeps and where its payload memory comes from.</summary>
public sealed record RewindBufferOptions
{
    /// <summary>StreamMachine's default rewind: 4 hours.</summary>
    public static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromHours(4);

    /// <summary>Default time an evicted chunk's bytes stay untouched before its slab may be reused: 60 s.</summary>
    public static readonly TimeSpan DefaultRecycleGuard = TimeSpan.FromSeconds(60);

    /// <summary>Longest span (oldest start to newest end) the buffer keeps; older chunks are evicted on append.</summary>
    public TimeSpan MaxDuration { get; init; } = DefaultMaxDuration;

    /// <summary>
    /// Stream time that must pass after a chunk is evicted before its slab is reused. Readers holding a payload
    /// must finish with it within this time; <see cref="RewindBuffer.IsPayloadIntact"/> detects when they did not.
    /// </summary>
    public TimeSpan RecycleGuard { get; init; } = DefaultRecycleGuard;

    /// <summary>Where payload slabs come from and go back to; payloads longer than its slab size get a dedicated array.</summary>
    public SlabPool SlabPool { get; init; } = SlabPool.Shared;

    /// <summary>Initial number of chunk header slots (rounded up to a power of two); the ring doubles when full.</summary>
    public int InitialChunkCapacity { get; init; } = 1024;
}
