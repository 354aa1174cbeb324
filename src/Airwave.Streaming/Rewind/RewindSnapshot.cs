namespace Airwave.Streaming.Rewind;

/// <summary>A consistent view of a rewind buffer's extent at one moment, for status pages, dumps and time-shift resolution.</summary>
/// <param name="Count">Chunks held.</param>
/// <param name="FirstSeq">Oldest sequence number held (meaningless when empty).</param>
/// <param name="LastSeq">Newest sequence number held, or the last one ever appended when empty (-1 before any).</param>
/// <param name="OldestStartTicks">UTC start ticks of the oldest chunk.</param>
/// <param name="NewestEndTicks">UTC end ticks of the newest chunk.</param>
/// <param name="PayloadBytes">Payload bytes held.</param>
public readonly record struct RewindSnapshot(long Count, long FirstSeq, long LastSeq, long OldestStartTicks, long NewestEndTicks, long PayloadBytes)
{
    /// <summary>True when the buffer holds no chunk.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>UTC start of the oldest chunk.</summary>
    public DateTime OldestUtc => new(OldestStartTicks, DateTimeKind.Utc);

    /// <summary>UTC end of the newest chunk: where live is.</summary>
    public DateTime NewestUtc => new(NewestEndTicks, DateTimeKind.Utc);

    /// <summary>Time span from the oldest start to the newest end, gaps included.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(NewestEndTicks - OldestStartTicks);
}
