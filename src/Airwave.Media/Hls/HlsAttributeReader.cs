namespace Airwave.Media.Hls;

/// <summary>Reads an m3u8 attribute list (<c>BANDWIDTH=1280000,CODECS="avc1.4d401f,mp4a.40.2"</c>) into names and values.</summary>
public static class HlsAttributeReader
{
    /// <summary>The attributes, names compared case-sensitively as RFC 8216 says; quotes are removed from quoted values.</summary>
    public static IReadOnlyDictionary<string, string> Read(ReadOnlySpan<char> list)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < list.Length)
        {
            var equals = list[position..].IndexOf('=');
            if (equals < 0)
            {
                break;
            }

            var name = list.Slice(position, equals).Trim().ToString();
            position += equals + 1;
            string value;
            if (position < list.Length && list[position] == '"')
            {
                var close = list[(position + 1)..].IndexOf('"');
                var end = close < 0 ? list.Length : position + 1 + close;
                value = list[(position + 1)..end].ToString();
                position = Math.Min(list.Length, end + 1);
                var comma = list[position..].IndexOf(',');
                position = comma < 0 ? list.Length : position + comma + 1;
            }
            else
            {
                var comma = list[position..].IndexOf(',');
                var end = comma < 0 ? list.Length : position + comma;
                value = list[position..end].Trim().ToString();
                position = comma < 0 ? list.Length : end + 1;
            }

            if (name.Length > 0)
            {
                attributes[name] = value;
            }
        }

        return attributes;
    }
}
