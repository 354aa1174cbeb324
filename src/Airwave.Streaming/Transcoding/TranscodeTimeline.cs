using System.Globalization;
using System.Text;

namespace Airwave.Streaming.Transcoding;

/// <summary>
/// The segments of one transcode session on a fixed grid: segment N covers the N-th segment duration after the
/// session's origin, whichever ffmpeg run wrote it. The grid is what lets a seek restart ffmpeg anywhere while the
/// numbering stays monotonic and every run's segments fit between the others'; the session's playlists are built
/// from it. Not thread-safe: one actor owns it.
/// </summary>
public sealed class TranscodeTimeline
{
    /// <summary>A wanted segment this few places ahead of the one ffmpeg writes next is waited for rather than restarted at.</summary>
    public const int WaitAhead = 3;

    private readonly SortedDictionary<int, TranscodeSegment> segments = [];

    /// <param name="segmentDuration">The grid's step.</param>
    /// <param name="length">An archive window's length; null for a session that follows the channel live.</param>
    /// <param name="held">Segments already written (a recovered session).</param>
    public TranscodeTimeline(TimeSpan segmentDuration, TimeSpan? length, IEnumerable<TranscodeSegment>? held = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(segmentDuration, TimeSpan.Zero);
        SegmentDuration = segmentDuration;
        Length = length;
        Count = length is { } window ? (int)Math.Max(1, (window.Ticks + segmentDuration.Ticks - 1) / segmentDuration.Ticks) : null;
        foreach (var segment in held ?? [])
        {
            segments[segment.Number] = segment;
        }
    }

    public TimeSpan SegmentDuration { get; }

    /// <summary>An archive window's length; null for a live session.</summary>
    public TimeSpan? Length { get; }

    /// <summary>The window's segments (its length on the grid, then where ffmpeg really ended it); null for a live session.</summary>
    public int? Count { get; private set; }

    /// <summary>The segments written so far, in grid order.</summary>
    public IReadOnlyCollection<TranscodeSegment> Segments => segments.Values;

    /// <summary>True once every segment of a window is written.</summary>
    public bool IsComplete => Count is not null && FirstMissing(0) is null;

    /// <summary>The segment a position in the session falls in.</summary>
    public int SegmentAt(TimeSpan position) => SegmentAt(position, SegmentDuration);

    /// <summary>The segment a position falls in on a grid of <paramref name="segmentDuration"/>, for those who hold no timeline (a request before its session's actor answers).</summary>
    public static int SegmentAt(TimeSpan position, TimeSpan segmentDuration) =>
        position <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, position.Ticks / segmentDuration.Ticks);

    /// <summary>Where segment <paramref name="number"/> starts in the session.</summary>
    public TimeSpan PositionOf(int number) => SegmentDuration * number;

    public TranscodeSegment? Find(int number) => segments.TryGetValue(number, out var segment) ? segment : null;

    /// <summary>Records a segment an ffmpeg run finished; false when another run wrote that place already (the caller moves on).</summary>
    public bool Add(TranscodeSegment segment)
    {
        if (segments.ContainsKey(segment.Number))
        {
            return false;
        }

        segments[segment.Number] = segment;
        return true;
    }

    /// <summary>A run fed to the window's end ended with segment <paramref name="last"/>: that is the window's last segment, whatever the grid said.</summary>
    public void EndAt(int last)
    {
        if (Count is null)
        {
            throw new InvalidOperationException("a live session has no end");
        }

        Count = last + 1;
        foreach (var extra in segments.Keys.Where(n => n > last).ToList())
        {
            segments.Remove(extra);
        }
    }

    /// <summary>The first place at or after <paramref name="from"/> no run has written; null when a window has none left.</summary>
    public int? FirstMissing(int from)
    {
        for (var number = Math.Max(0, from); Count is not { } count || number < count; number++)
        {
            if (!segments.ContainsKey(number))
            {
                return number;
            }
        }

        return null;
    }

    /// <summary>What to do with a request for segment <paramref name="wanted"/>.</summary>
    /// <param name="wanted">The segment asked for.</param>
    /// <param name="next">The segment the running ffmpeg writes next; null when none runs.</param>
    /// <param name="available">How much of the session exists now: a window's length, or for a live session how far live is past the origin.</param>
    public TranscodeSegmentDecision Decide(int wanted, int? next, TimeSpan available)
    {
        if (segments.ContainsKey(wanted))
        {
            return TranscodeSegmentDecision.Serve;
        }

        if (wanted < 0 || (Count is { } count && wanted >= count) || PositionOf(wanted) >= available)
        {
            return TranscodeSegmentDecision.Beyond;
        }

        return next is { } writing && wanted >= writing && wanted <= writing + WaitAhead ? TranscodeSegmentDecision.Wait : TranscodeSegmentDecision.Restart;
    }

    /// <summary>
    /// The session's playlist from segment <paramref name="first"/> on. A window's is a VOD playlist of every place on
    /// the grid, written or not, so a player can seek anywhere at once (a place not written yet is transcoded when asked
    /// for); a live session's is an event playlist up to the newest segment. Either starts playing at its first segment.
    /// </summary>
    public string Playlist(int first)
    {
        first = Math.Max(0, first);
        var last = Count is { } count ? count - 1 : segments.Count == 0 ? first - 1 : segments.Keys.Max();
        var entries = new List<(int Number, double Seconds)>();
        for (var number = first; number <= last; number++)
        {
            entries.Add((number, segments.TryGetValue(number, out var segment) ? segment.Seconds : Nominal(number)));
        }

        // RFC 8216 4.3.3.1: every EXTINF rounded to the nearest integer fits the target duration.
        var target = (int)Math.Round(Math.Max(SegmentDuration.TotalSeconds, entries.Count == 0 ? 0 : entries.Max(e => e.Seconds)), MidpointRounding.AwayFromZero);
        var text = new StringBuilder()
            .Append("#EXTM3U\n#EXT-X-VERSION:3\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{first}\n")
            .Append(Count is null ? "#EXT-X-PLAYLIST-TYPE:EVENT\n" : "#EXT-X-PLAYLIST-TYPE:VOD\n")
            .Append("#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n");
        foreach (var (number, seconds) in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{seconds:0.000###},\n{number}.ts\n");
        }

        if (Count is not null)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        return text.ToString();
    }

    /// <summary>A place not written yet: the grid's step, or what is left of the window for the last one.</summary>
    private double Nominal(int number)
    {
        var left = Length is { } window ? window - PositionOf(number) : SegmentDuration;
        return Math.Max(0.001, Math.Min(SegmentDuration.TotalSeconds, left.TotalSeconds));
    }
}
