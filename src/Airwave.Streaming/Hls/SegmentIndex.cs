namespace Airwave.Streaming.Hls;

/// <summary>A channel's closed HLS segments still backed by its rewind buffer, oldest first: written by the channel actor, read by HTTP requests.</summary>
public sealed class SegmentIndex
{
    private readonly Lock gate = new();
    private readonly List<HlsSegment> segments = [];
    private long maxDurationTicks;

    /// <summary>The newest closed segment, or null before the first.</summary>
    public HlsSegment? Latest
    {
        get
        {
            lock (gate)
            {
                return segments.Count == 0 ? null : segments[^1];
            }
        }
    }

    /// <summary>Longest segment ever indexed, for a target duration that never shrinks while players reload.</summary>
    public TimeSpan MaxDuration => TimeSpan.FromTicks(Volatile.Read(ref maxDurationTicks));

    /// <summary>Segments held.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return segments.Count;
            }
        }
    }

    /// <summary>The segment numbered <paramref name="mediaSequence"/>, if still held.</summary>
    public bool TryGet(long mediaSequence, out HlsSegment segment)
    {
        lock (gate)
        {
            var low = 0;
            var high = segments.Count - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var found = segments[middle].MediaSequence;
                if (found == mediaSequence)
                {
                    segment = segments[middle];
                    return true;
                }

                (low, high) = found < mediaSequence ? (middle + 1, high) : (low, middle - 1);
            }
        }

        segment = null!;
        return false;
    }

    /// <summary>The segments that overlap [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), oldest first.</summary>
    public IReadOnlyList<HlsSegment> Window(DateTime fromUtc, DateTime toUtc)
    {
        var from = fromUtc.ToUniversalTime().Ticks;
        var to = toUtc.ToUniversalTime().Ticks;
        lock (gate)
        {
            return segments.Where(s => s.EndTicks > from && s.StartTicks < to).ToList();
        }
    }

    /// <summary>The segments that end after <paramref name="afterTicks"/> and no later than <paramref name="upToTicks"/>, oldest first.</summary>
    public IReadOnlyList<HlsSegment> EndingWithin(long afterTicks, long upToTicks)
    {
        lock (gate)
        {
            return segments.Where(s => s.EndTicks > afterTicks && s.EndTicks <= upToTicks).ToList();
        }
    }

    /// <summary>The segments numbered after <paramref name="mediaSequence"/>, oldest first (a binary search, then a copy of the tail only).</summary>
    public IReadOnlyList<HlsSegment> After(long mediaSequence)
    {
        lock (gate)
        {
            int low = 0, high = segments.Count;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                (low, high) = segments[middle].MediaSequence <= mediaSequence ? (middle + 1, high) : (low, middle);
            }

            return segments.GetRange(low, segments.Count - low);
        }
    }

    /// <summary>Every segment held, oldest first.</summary>
    public IReadOnlyList<HlsSegment> All()
    {
        lock (gate)
        {
            return segments.ToList();
        }
    }

    internal void Add(HlsSegment segment)
    {
        lock (gate)
        {
            segments.Add(segment);
        }

        if (segment.DurationTicks > maxDurationTicks)
        {
            Volatile.Write(ref maxDurationTicks, segment.DurationTicks);
        }
    }

    /// <summary>Drops the segments whose first chunk is older than <paramref name="firstHeldSeq"/> (evicted from the rewind buffer).</summary>
    internal void EvictBefore(long firstHeldSeq)
    {
        lock (gate)
        {
            var stale = 0;
            while (stale < segments.Count && segments[stale].FirstSeq < firstHeldSeq)
            {
                stale++;
            }

            segments.RemoveRange(0, stale);
        }
    }
}
