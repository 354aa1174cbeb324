namespace Airwave.Streaming.Rewind;

/// <summary>Where a UTC instant falls relative to the chunks in a rewind buffer.</summary>
public enum TimeLookupOutcome
{
    /// <summary>The buffer holds no chunk.</summary>
    Empty,

    /// <summary>The instant is before the oldest chunk; <see cref="TimeLookup.Seq"/> is the oldest chunk.</summary>
    BeforeOldest,

    /// <summary>A chunk covers the instant; <see cref="TimeLookup.Seq"/> is that chunk.</summary>
    Contained,

    /// <summary>The instant falls in a gap between chunks; <see cref="TimeLookup.Seq"/> is the chunk after the gap.</summary>
    InGap,

    /// <summary>The instant is at or after the newest chunk's end; <see cref="TimeLookup.Seq"/> is the newest sequence number plus one.</summary>
    AfterNewest,
}

/// <summary>Result of finding a UTC instant in a rewind buffer: the chunk to start reading at and its start time.</summary>
/// <param name="Outcome">Where the instant fell.</param>
/// <param name="Seq">Sequence number to start reading at (see <see cref="TimeLookupOutcome"/>).</param>
/// <param name="StartTicks">UTC start ticks of the chunk at <paramref name="Seq"/>, or the newest end for <see cref="TimeLookupOutcome.AfterNewest"/>.</param>
public readonly record struct TimeLookup(TimeLookupOutcome Outcome, long Seq, long StartTicks)
{
    /// <summary>UTC start of the chunk to start at.</summary>
    public DateTime StartUtc => new(StartTicks, DateTimeKind.Utc);
}
