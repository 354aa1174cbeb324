using System.Globalization;

namespace Airwave.Streaming.Transcoding;

/// <summary>Reads the playlist ffmpeg's HLS muxer keeps: the segments it has finished, in order.</summary>
public static class FfmpegPlaylist
{
    /// <summary>Each finished segment's file name and length; ffmpeg lists a segment only once it is complete.</summary>
    public static IReadOnlyList<(string File, double Seconds)> Segments(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<(string, double)>();
        double? seconds = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var value = line["#EXTINF:".Length..].Split(',')[0];
                seconds = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            }
            else if (line.Length > 0 && line[0] != '#' && seconds is { } length)
            {
                segments.Add((line, length));
                seconds = null;
            }
        }

        return segments;
    }
}
