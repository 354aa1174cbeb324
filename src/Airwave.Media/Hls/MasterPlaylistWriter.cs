using System.Globalization;
using System.Text;

namespace Airwave.Media.Hls;

/// <summary>Writes an HLS master playlist (RFC 8216 §4.3.4.2): one EXT-X-STREAM-INF per rendition.</summary>
public static class MasterPlaylistWriter
{
    /// <summary>The playlist text with <c>\n</c> line ends.</summary>
    public static string Write(IEnumerable<PlaylistVariant> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var text = new StringBuilder("#EXTM3U\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-VERSION:{MediaPlaylist.Version}\n");
        foreach (var variant in variants)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={variant.Bandwidth}");
            if (variant.Codecs is not null)
            {
                text.Append(",CODECS=\"").Append(variant.Codecs).Append('"');
            }

            text.Append('\n').Append(variant.Uri).Append('\n');
        }

        return text.ToString();
    }
}
