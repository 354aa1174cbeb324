using System.Globalization;
using System.Text;

namespace Airwave.Media.Hls;

/// <summary>Writes an HLS media playlist (RFC 8216 §4.3.3) with EXT-X-PROGRAM-DATE-TIME on every segment.</summary>
public static class MediaPlaylistWriter
{
    /// <summary>The playlist text: UTF-8 without BOM, one tag per line, <c>\n</c> line ends.</summary>
    public static string Write(MediaPlaylist playlist)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        var text = new StringBuilder(128 + (playlist.Segments.Count * 96));
        text.Append("#EXTM3U\n");
        Line(text, $"#EXT-X-VERSION:{MediaPlaylist.Version}");
        Line(text, $"#EXT-X-TARGETDURATION:{playlist.TargetDuration}");
        Line(text, $"#EXT-X-MEDIA-SEQUENCE:{playlist.MediaSequence}");
        Line(text, $"#EXT-X-DISCONTINUITY-SEQUENCE:{playlist.DiscontinuitySequence}");
        switch (playlist.Type)
        {
            case HlsPlaylistType.Event:
                text.Append("#EXT-X-PLAYLIST-TYPE:EVENT\n");
                break;
            case HlsPlaylistType.Vod:
                text.Append("#EXT-X-PLAYLIST-TYPE:VOD\n");
                break;
        }

        foreach (var segment in playlist.Segments)
        {
            if (segment.Discontinuity)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            Line(text, $"#EXT-X-PROGRAM-DATE-TIME:{segment.ProgramDateTime.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss.fff'Z'}");
            Line(text, $"#EXTINF:{segment.Duration.TotalSeconds:0.000},");
            Line(text, segment.Uri);
        }

        if (playlist.Type == HlsPlaylistType.Vod)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
