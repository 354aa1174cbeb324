namespace Airwave.Channels.Transcoding;

/// <summary>The files of a transcode session's directory: ffmpeg's <c>index.m3u8</c> and numbered <c>.ts</c> segments.</summary>
public static class TranscodeSessionFiles
{
    public const string Playlist = "index.m3u8";

    /// <summary>The segments ffmpeg's playlist lists so far (0 before it wrote one).</summary>
    public static int SegmentCount(string directory)
    {
        try
        {
            return File.ReadLines(Path.Combine(directory, Playlist)).Count(line => line.StartsWith("#EXTINF:", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return 0;
        }
    }

    /// <summary>True for a name a session serves: its playlist, or a segment <c>N.ts</c>.</summary>
    public static bool IsServed(string name) =>
        name == Playlist || (name.EndsWith(".ts", StringComparison.Ordinal) && name.Length is > 3 and < 16 && name[..^3].All(char.IsAsciiDigit));
}
