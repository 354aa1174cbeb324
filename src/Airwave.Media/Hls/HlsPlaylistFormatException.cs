namespace Airwave.Media.Hls;

/// <summary>An upstream playlist is not a valid m3u8 playlist; the message says why.</summary>
public sealed class HlsPlaylistFormatException : Exception
{
    public HlsPlaylistFormatException()
    {
    }

    public HlsPlaylistFormatException(string message)
        : base(message)
    {
    }

    public HlsPlaylistFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
