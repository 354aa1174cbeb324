namespace Airwave.Streaming.Transcoding;

/// <summary>Where a rendition's transcoder is.</summary>
public enum TranscoderPhase
{
    /// <summary>Waiting for its source channel to have audio.</summary>
    Waiting,

    /// <summary>ffmpeg runs.</summary>
    Running,

    /// <summary>ffmpeg failed; it starts again after a backoff.</summary>
    Restarting,

    /// <summary>No process slot is free (<c>transcoding.max-processes</c>); it starts when one is.</summary>
    Refused,
}
