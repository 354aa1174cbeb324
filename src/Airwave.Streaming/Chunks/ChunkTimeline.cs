using Airwave.Media;

namespace Airwave.Streaming.Chunks;

/// <summary>Gives consecutive chunks exact start times and durations from their sample counts, so time never drifts.</summary>
/// <remarks>
/// Each chunk's start is the origin plus all samples before it, converted once; its duration is the difference
/// to the next start. Rounding never accumulates, and the chunks tile time without gaps or overlaps.
/// </remarks>
public struct ChunkTimeline
{
    private readonly long originTicks;
    private SampleClock clock;

    /// <summary>Starts a timeline whose first chunk begins at <paramref name="originUtc"/>.</summary>
    public ChunkTimeline(DateTime originUtc)
    {
        originTicks = originUtc.ToUniversalTime().Ticks;
        clock = default;
    }

    /// <summary>UTC ticks at which the next chunk starts.</summary>
    public readonly long NextStartTicks => originTicks + clock.ElapsedTicks;

    /// <summary>Accounts for a chunk of <paramref name="samples"/> at <paramref name="sampleRate"/> and returns its start and duration.</summary>
    public (long StartTicks, long DurationTicks) Advance(int samples, int sampleRate)
    {
        var start = NextStartTicks;
        clock.Add(samples, sampleRate);
        return (start, NextStartTicks - start);
    }
}
