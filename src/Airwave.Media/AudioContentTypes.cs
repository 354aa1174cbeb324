namespace Airwave.Media;

/// <summary>Maps HTTP content types and file extensions to <see cref="AudioFormat"/> so sources and outputs speak the same names.</summary>
public static class AudioContentTypes
{
    /// <summary>The content type Airwave announces for MP3.</summary>
    public const string Mpeg = "audio/mpeg";

    /// <summary>The content type Airwave announces for ADTS AAC.</summary>
    public const string Aac = "audio/aac";

    /// <summary>The content type Airwave announces for an MPEG transport stream.</summary>
    public const string MpegTs = "video/mp2t";

    /// <summary>Reads a <c>Content-Type</c> value (parameters such as <c>; charset=</c> are ignored, case-insensitive).</summary>
    public static bool TryGetFormat(ReadOnlySpan<char> contentType, out AudioFormat format)
    {
        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        if (Is(mediaType, "audio/mpeg") || Is(mediaType, "audio/mp3") || Is(mediaType, "audio/mpeg3"))
        {
            format = AudioFormat.Mp3;
        }
        else if (Is(mediaType, "audio/aac") || Is(mediaType, "audio/aacp") || Is(mediaType, "audio/x-aac"))
        {
            format = AudioFormat.Aac;
        }
        else
        {
            format = AudioFormat.Unknown;
        }

        return format != AudioFormat.Unknown;
    }

    /// <summary>The content type to announce for a format.</summary>
    public static string GetContentType(AudioFormat format) => format switch
    {
        AudioFormat.Mp3 => Mpeg,
        AudioFormat.Aac => Aac,
        AudioFormat.MpegTs => MpegTs,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "No content type for an unknown format."),
    };

    /// <summary>The file extension (with its dot) for archives and downloads of a format.</summary>
    public static string GetFileExtension(AudioFormat format) => format switch
    {
        AudioFormat.Mp3 => ".mp3",
        AudioFormat.Aac => ".aac",
        AudioFormat.MpegTs => ".ts",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "No file extension for an unknown format."),
    };

    /// <summary>The format a file extension (with its dot) from <see cref="GetFileExtension"/> stands for; <see cref="AudioFormat.Unknown"/> for any other.</summary>
    public static AudioFormat FromFileExtension(ReadOnlySpan<char> extension) => extension switch
    {
        ".mp3" => AudioFormat.Mp3,
        ".aac" => AudioFormat.Aac,
        ".ts" => AudioFormat.MpegTs,
        _ => AudioFormat.Unknown,
    };

    private static bool Is(ReadOnlySpan<char> value, string expected) =>
        value.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
