using Airwave.Media.Hls;

namespace Airwave.Streaming.Upstreams;

/// <summary>
/// Follows an upstream media playlist by media sequence so that no segment is fetched twice or skipped silently: joins
/// <c>initialSegments</c> from the live edge, notices a media sequence that went backwards (a restarted upstream) and a
/// window that slid past segments not fetched yet; both become a break (discontinuity).
/// </summary>
public sealed class HlsSequenceTracker(int initialSegments)
{
    private long? next;
    private long lastMediaSequence = -1;

    /// <summary>The media sequence number of the next segment to fetch; null before the first playlist.</summary>
    public long? Next => next;

    /// <summary>What to fetch from a fresh copy of the playlist.</summary>
    public HlsPlan Plan(ParsedMediaPlaylist playlist)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        var first = playlist.MediaSequence;
        var end = playlist.NextSequence;
        long start;
        var breakBefore = false;
        string? note = null;
        if (next is not { } expected)
        {
            start = Math.Max(first, end - Math.Max(1, initialSegments));
        }
        else if (first < lastMediaSequence)
        {
            start = Math.Max(first, end - Math.Max(1, initialSegments));
            breakBefore = true;
            note = $"media sequence went back from {lastMediaSequence} to {first}: the upstream restarted";
        }
        else if (expected < first)
        {
            start = first;
            breakBefore = true;
            note = $"the upstream's window slid past {first - expected} segment(s) before they were fetched";
        }
        else
        {
            start = expected;
        }

        lastMediaSequence = first;
        next ??= start;
        if (breakBefore)
        {
            next = start;
        }

        var segments = playlist.Segments.Where(s => s.Sequence >= start).ToList();
        return new HlsPlan(segments, breakBefore, note);
    }

    /// <summary>Segment <paramref name="sequence"/> was fetched (or given up on); the next one follows it.</summary>
    public void Done(long sequence) => next = sequence + 1;
}
