using Airwave.Media.Hls;
using Airwave.Streaming.Channels;

namespace Airwave.Streaming.Hls;

/// <summary>Chooses the segments of a channel's live, time-shifted and DVR playlists and describes them as a <see cref="MediaPlaylist"/>.</summary>
public static class HlsPlaylists
{
    /// <summary>
    /// The live window (<see cref="ChannelSettings.HlsLiveWindow"/>) ending at the newest segment, or, with
    /// <paramref name="shiftedEndTicks"/>, the same window ending there; a shifted end older than the index gives its
    /// oldest window. Null when no segment qualifies.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="shiftedEndTicks">UTC ticks where a time-shifted window ends, or null for live.</param>
    /// <param name="query">Appended to every segment URI (<c>?sid=...</c>), or empty.</param>
    public static MediaPlaylist? Window(LiveChannel channel, long? shiftedEndTicks, string query)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var index = channel.Segments;
        var window = channel.Settings.HlsLiveWindow.Ticks;
        var end = shiftedEndTicks ?? index.Latest?.EndTicks ?? 0;
        var segments = index.EndingWithin(end - window, end);
        if (segments.Count == 0 && shiftedEndTicks is not null && index.All() is [var oldest, ..] && end < oldest.EndTicks)
        {
            segments = index.EndingWithin(oldest.StartTicks, oldest.StartTicks + window);
        }

        return segments.Count == 0 ? null : Describe(channel, SinceCodecChange(segments), HlsPlaylistType.Live, query);
    }

    /// <summary>
    /// The segments of a window from its last codec change on. A window in one codec is what every player can follow:
    /// ffmpeg's HLS reader, for one, probes a media playlist once and cannot switch codec inside it. A player that
    /// was playing the older codec finds its next segment first in the window and the discontinuity in the window's
    /// EXT-X-DISCONTINUITY-SEQUENCE. The DVR playlist is an EVENT playlist, which may only grow, so it keeps both
    /// codecs with EXT-X-DISCONTINUITY between them.
    /// </summary>
    private static IReadOnlyList<HlsSegment> SinceCodecChange(IReadOnlyList<HlsSegment> segments)
    {
        var first = segments.Count - 1;
        while (first > 0 && segments[first - 1].Format == segments[^1].Format)
        {
            first--;
        }

        return first == 0 ? segments : segments.Skip(first).ToList();
    }

    /// <summary>Every segment of the rewind buffer as an EVENT playlist; null when there is none.</summary>
    public static MediaPlaylist? Dvr(LiveChannel channel, string query)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var segments = channel.Segments.All();
        return segments.Count == 0 ? null : Describe(channel, segments, HlsPlaylistType.Event, query);
    }

    /// <summary>The URI of a segment as playlists list it: <c>/{mount}/hls/{mediaSequence}.{ext}</c> plus <paramref name="query"/>; the extension is the segment's own codec's.</summary>
    public static string SegmentUri(string mount, HlsSegment segment, string query) =>
        $"{mount}/hls/{segment.MediaSequence}.{SegmentFormat.Extension(segment.Format)}{query}";

    /// <summary>
    /// Lists <paramref name="segments"/>. The first segment never carries EXT-X-DISCONTINUITY: its discontinuity sequence
    /// number is the playlist's EXT-X-DISCONTINUITY-SEQUENCE, which is how RFC 8216 §6.2.2 removes a tag that slid out.
    /// The target duration is the longest segment the channel ever had, so it does not change while players reload.
    /// </summary>
    public static MediaPlaylist Describe(LiveChannel channel, IReadOnlyList<HlsSegment> segments, HlsPlaylistType type, string query)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(segments);
        var longest = Math.Max(channel.Settings.HlsSegmentDuration.Ticks, channel.Segments.MaxDuration.Ticks);
        longest = Math.Max(longest, segments.Max(s => s.DurationTicks));
        var target = (int)Math.Ceiling(longest / (double)TimeSpan.TicksPerSecond);
        var entries = segments
            .Select((s, i) => new MediaPlaylistSegment(SegmentUri(channel.Settings.Mount, s, query), s.Duration, s.StartUtc, s.Discontinuity && i > 0))
            .ToList();
        return new MediaPlaylist(target, segments[0].MediaSequence, segments[0].DiscontinuitySequence, type, entries);
    }
}
