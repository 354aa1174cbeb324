namespace Airwave.Media.Framing;

/// <summary>How strict an <see cref="AudioFramer"/> is about locking onto a stream.</summary>
public sealed record AudioFramerOptions
{
    /// <summary>Defaults: three consistent frames to lock, 64 KiB of garbage before giving up, any format.</summary>
    public static AudioFramerOptions Default { get; } = new();

    /// <summary>Consecutive valid, consistent frame headers required before locking (at least 1).</summary>
    public int RequiredConsecutiveFrames { get; init; } = 3;

    /// <summary>Garbage bytes (tags excluded) tolerated before the first lock, then the stream is declared not audio.</summary>
    public int SniffLimitBytes { get; init; } = 64 * 1024;

    /// <summary>Restricts the framer to one format; <see cref="AudioFormat.Unknown"/> sniffs MP3 or ADTS.</summary>
    public AudioFormat ExpectedFormat { get; init; } = AudioFormat.Unknown;
}
