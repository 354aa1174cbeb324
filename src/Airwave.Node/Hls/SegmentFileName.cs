using System.Globalization;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Hls;

namespace Airwave.Node.Hls;

/// <summary>The <c>{mediaSequence}.{mp3|aac|ts}</c> names of live segments under <c>/mount/hls/</c>, and the segment one names.</summary>
internal static class SegmentFileName
{
    public const string Expected = "segment names look like 123.mp3, 123.aac or 123.ts";

    /// <summary>Reads a name; false for anything that is not such a name.</summary>
    public static bool TryParse(ReadOnlySpan<char> file, out long mediaSequence, out string extension)
    {
        mediaSequence = 0;
        extension = "";
        var dot = file.IndexOf('.');
        if (dot is < 1 or > 18 || !long.TryParse(file[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out mediaSequence))
        {
            return false;
        }

        extension = file[(dot + 1)..] switch
        {
            "mp3" => "mp3",
            "aac" => "aac",
            "ts" => "ts",
            _ => "",
        };
        return extension.Length > 0;
    }

    /// <summary>The segment when the channel has it under that name and every chunk of it is still in the rewind buffer.</summary>
    public static HlsSegment? FindHeld(LiveChannel channel, long mediaSequence, string extension) =>
        channel.Segments.TryGet(mediaSequence, out var segment) && extension == SegmentFormat.Extension(segment.Format)
            && SegmentPayload.IsHeld(channel.Buffer, segment)
            ? segment
            : null;
}
