namespace Airwave.Channels.Transcoding;

/// <summary>What a rendition's transcoder actor is told from outside.</summary>
public abstract record TranscoderCommand;

/// <summary>Stop ffmpeg, detach from the rendition and stop; the way a transcoder is stopped (<c>GracefulStop</c>).</summary>
public sealed record StopTranscoder : TranscoderCommand
{
    public static StopTranscoder Instance { get; } = new();
}
