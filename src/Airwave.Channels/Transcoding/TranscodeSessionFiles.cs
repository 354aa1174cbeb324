using System.Globalization;
using Airwave.Streaming.Transcoding;

namespace Airwave.Channels.Transcoding;

/// <summary>
/// The files of a transcode session's directory: each ffmpeg run's playlist and segments (<c>run-K.m3u8</c>,
/// <c>rK-N.ts</c>) and, for a finished window, the manifest. Listeners ask for <c>index.m3u8</c> and <c>N.ts</c>,
/// which the session answers from its timeline.
/// </summary>
public static class TranscodeSessionFiles
{
    public const string Playlist = "index.m3u8";

    public const string Manifest = "session.json";

    /// <summary>The place on the grid a served segment name <c>N.ts</c> asks for; null for any other name.</summary>
    public static int? SegmentNumber(string name) =>
        name.EndsWith(".ts", StringComparison.Ordinal) && name.Length is > 3 and < 14 && name[..^3].All(char.IsAsciiDigit)
        && int.TryParse(name[..^3], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>True for a name an ffmpeg run gives its segments, <c>rK-N.ts</c>.</summary>
    public static bool IsRunSegment(string name) =>
        name.Length is > 5 and < 32 && name[0] == 'r' && name.EndsWith(".ts", StringComparison.Ordinal)
        && name[1..^3].Split('-') is [{ Length: > 0 } run, { Length: > 0 } place] && run.All(char.IsAsciiDigit) && place.All(char.IsAsciiDigit);

    /// <summary>Removes what a stopped run left that no playlist lists: the segment it was writing.</summary>
    public static void RemoveUnlisted(string directory, TranscodeRun run, IEnumerable<TranscodeSegment> listed)
    {
        ArgumentNullException.ThrowIfNull(run);
        var keep = listed.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory, string.Create(CultureInfo.InvariantCulture, $"r{run.Number}-*")))
            {
                if (!keep.Contains(Path.GetFileName(path)))
                {
                    File.Delete(path);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The session's files are gone already.
        }
    }
}
