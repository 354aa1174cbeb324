namespace Airwave.Streaming.Fanout;

/// <summary>Where a listener is in its channel: the last chunk its connection accepted whole.</summary>
/// <param name="Seq">The chunk's sequence number; -1 before the first.</param>
/// <param name="EndTicks">UTC ticks of the chunk's end on the stream timeline.</param>
public readonly record struct ListenerPlayhead(long Seq, long EndTicks)
{
    /// <summary>True once a chunk of the listener's own channel was played (or a resumed session's position is known).</summary>
    public bool IsKnown => Seq >= 0;

    /// <summary>The chunk's end as a UTC time.</summary>
    public DateTime EndUtc => new(EndTicks, DateTimeKind.Utc);
}
