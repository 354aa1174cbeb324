using System.Globalization;

namespace Airwave.Media.Hls;

/// <summary>Parses upstream m3u8 playlists (RFC 8216) into master or media playlists, refusing what is not one.</summary>
/// <remarks>Unknown tags are ignored, as the RFC asks. Size limits are the caller's job (it reads the body with a cap).</remarks>
public static class HlsPlaylistParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="HlsPlaylistFormatException">No #EXTM3U header, a malformed required tag, or neither variants nor segments.</exception>
    public static ParsedPlaylist Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.AsSpan().TrimStart('\uFEFF');
        var first = true;
        var variants = new List<ParsedVariant>();
        var segments = new List<ParsedSegment>();
        IReadOnlyDictionary<string, string>? pendingVariant = null;
        TimeSpan? pendingDuration = null;
        var pendingDiscontinuity = false;
        var target = TimeSpan.Zero;
        long mediaSequence = 0;
        long discontinuitySequence = 0;
        var ended = false;
        var isMedia = false;
        string? unsupported = null;
        foreach (var range in lines.Split('\n'))
        {
            var line = lines[range].Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (first)
            {
                if (!line.StartsWith("#EXTM3U", StringComparison.Ordinal))
                {
                    throw new HlsPlaylistFormatException("not a playlist: the first line is not #EXTM3U");
                }

                first = false;
                continue;
            }

            if (line[0] != '#')
            {
                if (pendingVariant is not null)
                {
                    variants.Add(Variant(line.ToString(), pendingVariant));
                    pendingVariant = null;
                }
                else if (pendingDuration is { } duration)
                {
                    segments.Add(new ParsedSegment(mediaSequence + segments.Count, line.ToString(), duration, pendingDiscontinuity));
                    pendingDuration = null;
                    pendingDiscontinuity = false;
                }

                continue;
            }

            if (TryTag(line, "#EXT-X-STREAM-INF:", out var streamInf))
            {
                pendingVariant = HlsAttributeReader.Read(streamInf);
            }
            else if (TryTag(line, "#EXTINF:", out var extinf))
            {
                var comma = extinf.IndexOf(',');
                pendingDuration = TimeSpan.FromSeconds(Number(comma < 0 ? extinf : extinf[..comma], "EXTINF"));
                isMedia = true;
            }
            else if (TryTag(line, "#EXT-X-TARGETDURATION:", out var targetDuration))
            {
                target = TimeSpan.FromSeconds(Number(targetDuration, "EXT-X-TARGETDURATION"));
                isMedia = true;
            }
            else if (TryTag(line, "#EXT-X-MEDIA-SEQUENCE:", out var sequence))
            {
                mediaSequence = Integer(sequence, "EXT-X-MEDIA-SEQUENCE");
            }
            else if (TryTag(line, "#EXT-X-DISCONTINUITY-SEQUENCE:", out var discontinuities))
            {
                discontinuitySequence = Integer(discontinuities, "EXT-X-DISCONTINUITY-SEQUENCE");
            }
            else if (line.SequenceEqual("#EXT-X-DISCONTINUITY"))
            {
                pendingDiscontinuity = true;
            }
            else if (line.SequenceEqual("#EXT-X-ENDLIST"))
            {
                ended = true;
            }
            else if (TryTag(line, "#EXT-X-KEY:", out var key) && HlsAttributeReader.Read(key).GetValueOrDefault("METHOD") is { } method && method != "NONE")
            {
                unsupported ??= "encrypted segments (" + method + ")";
            }
            else if (line.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal))
            {
                unsupported ??= "fragmented MP4 segments (EXT-X-MAP)";
            }
            else if (line.StartsWith("#EXT-X-BYTERANGE:", StringComparison.Ordinal))
            {
                unsupported ??= "byte-range segments";
            }
        }

        if (first)
        {
            throw new HlsPlaylistFormatException("empty playlist");
        }

        if (variants.Count > 0 && !isMedia)
        {
            return new ParsedMasterPlaylist(variants);
        }

        if (!isMedia)
        {
            throw new HlsPlaylistFormatException("the playlist lists neither variants nor segments");
        }

        return new ParsedMediaPlaylist(target, mediaSequence, discontinuitySequence, segments, ended, unsupported);
    }

    private static bool TryTag(ReadOnlySpan<char> line, string name, out ReadOnlySpan<char> value)
    {
        value = line.StartsWith(name, StringComparison.Ordinal) ? line[name.Length..] : default;
        return line.StartsWith(name, StringComparison.Ordinal);
    }

    private static ParsedVariant Variant(string uri, IReadOnlyDictionary<string, string> attributes) => new(
        uri,
        long.TryParse(attributes.GetValueOrDefault("BANDWIDTH"), NumberStyles.None, CultureInfo.InvariantCulture, out var bandwidth) ? bandwidth : 0,
        attributes.GetValueOrDefault("RESOLUTION") ?? "",
        attributes.GetValueOrDefault("NAME") ?? attributes.GetValueOrDefault("VIDEO") ?? "",
        attributes.GetValueOrDefault("CODECS") ?? "");

    private static double Number(ReadOnlySpan<char> text, string tag) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value < 86_400
            ? value
            : throw new HlsPlaylistFormatException($"malformed {tag}: \"{text.ToString()}\"");

    private static long Integer(ReadOnlySpan<char> text, string tag) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new HlsPlaylistFormatException($"malformed {tag}: \"{text.ToString()}\"");
}
