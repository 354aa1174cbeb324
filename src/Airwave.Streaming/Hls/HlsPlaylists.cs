using Airwave.Media;
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
    /// <param name="format">The channel's format (segment extension).</param>
    /// <param name="shiftedEndTicks">UTC ticks where a time-shifted window ends, or null for live.</param>
    /// <param name="query">Appended to every segment URI (<c>?sid=...</c>), or empty.</param>
    public static MediaPlaylist? Window(LiveChannel channel, AudioFormat format, long? shiftedEndTicks, string query)
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

        return segments.Count == 0 ? null : Describe(channel, format, segments, HlsPlaylistType.Live, query);
    }

    /// <summary>Every segment of the rewind buffer as an EVENT playlist; null when there is none.</summary>
    public static MediaPlaylist? Dvr(LiveChannel channel, AudioFormat format, string query)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var segments = channel.Segments.All();
        return segments.Count == 0 ? null : Describe(channel, format, segments, HlsPlaylistType.Event, query);
    }

    /// <summary>The URI of a segment as playlists list it: <c>/{mount}/hls/{mediaSequence}.{ext}</c> plus <paramref name="query"/>.</summary>
    public static string SegmentUri(string mount, HlsSegment segment, AudioFormat format, string query) =>
        $"{mount}/hls/{segment.MediaSequence}.{SegmentFormat.Extension(format)}{query}";

    /// <summary>
    /// Lists <paramref name="segments"/>. The first segment never carries EXT-X-DISCONTINUITY: its discontinuity sequence
    /// number is the playlist's EXT-X-DISCONTINUITY-SEQUENCE, which is how RFC 8216 §6.2.2 removes a tag that slid out.
    /// The target duration is the longest segment the channel ever had, so it does not change while players reload.
    /// </summary>
    public static MediaPlaylist Describe(LiveChannel channel, AudioFormat format, IReadOnlyList<HlsSegment> segments, HlsPlaylistType type, string query)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(segments);
        var longest = Math.Max(channel.Settings.HlsSegmentDuration.Ticks, channel.Segments.MaxDuration.Ticks);
        longest = Math.Max(longest, segments.Max(s => s.DurationTicks));
        var target = (int)Math.Ceiling(longest / (double)TimeSpan.TicksPerSecond);
        var entries = segments
            .Select((s, i) => new MediaPlaylistSegment(SegmentUri(channel.Settings.Mount, s, format, query), s.Duration, s.StartUtc, s.Discontinuity && i > 0))
            .ToList();
        return new MediaPlaylist(target, segments[0].MediaSequence, segments[0].DiscontinuitySequence, type, entries);
    }
}
