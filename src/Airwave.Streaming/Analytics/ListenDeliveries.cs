namespace Airwave.Streaming.Analytics;

/// <summary>What an HLS session or a download delivered so far, added under a lock: a player may fetch two segments of one session at once.</summary>
/// <param name="startedUtc">When the listen began: its end until something is delivered.</param>
/// <param name="offset">How far behind live it began.</param>
internal sealed class ListenDeliveries(DateTime startedUtc, TimeSpan offset)
{
    /// <summary>How many of the latest HLS media sequences are remembered, so a segment fetched again (a retry, a player's reload) counts once.</summary>
    private const int RecentSegments = 4;

    private readonly Lock gate = new();
    private readonly long[] recent = [-1, -1, -1, -1];
    private int nextRecent;
    private TimeSpan listened;
    private TimeSpan offset = offset;
    private long bytes;
    private DateTime untilUtc = startedUtc;

    /// <summary>Until when the audio delivered lasts.</summary>
    public DateTime UntilUtc
    {
        get
        {
            lock (gate)
            {
                return untilUtc;
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="audio"/> of <paramref name="byteCount"/> bytes delivered, which the listener has until
    /// <paramref name="until"/> (an HLS player plays a segment after fetching it; a download is over once sent); an HLS
    /// media sequence among the last few counted counts once.
    /// </summary>
    /// <param name="mediaSequence">The HLS segment's media sequence, or -1 for a download.</param>
    /// <param name="audio">How much audio was delivered.</param>
    /// <param name="byteCount">Its bytes.</param>
    /// <param name="until">Until when the listen lasts with it (UTC).</param>
    /// <param name="behindLive">How far behind live the delivered audio is.</param>
    public void Add(long mediaSequence, TimeSpan audio, long byteCount, DateTime until, TimeSpan behindLive)
    {
        lock (gate)
        {
            if (mediaSequence >= 0)
            {
                if (Array.IndexOf(recent, mediaSequence) >= 0)
                {
                    return;
                }

                recent[nextRecent] = mediaSequence;
                nextRecent = (nextRecent + 1) % RecentSegments;
            }

            listened += audio;
            bytes += byteCount;
            offset = behindLive;
            if (until > untilUtc)
            {
                untilUtc = until;
            }
        }
    }

    /// <summary>The figures read together: how far behind live, until when, how much audio and how many bytes.</summary>
    public (TimeSpan Offset, DateTime UntilUtc, TimeSpan Listened, long Bytes) Read()
    {
        lock (gate)
        {
            return (offset, untilUtc, listened, bytes);
        }
    }
}
