namespace Airwave.Streaming.Transcoding;

/// <summary>Where an on-demand transcode session is.</summary>
public enum TranscodeSessionState
{
    /// <summary>ffmpeg runs and has not written two segments yet.</summary>
    Starting,

    /// <summary>ffmpeg runs; the playlist has at least two segments.</summary>
    Running,

    /// <summary>An archive window was transcoded to its end: the files are served without ffmpeg until the VOD cache lets them go.</summary>
    Finished,

    /// <summary>ffmpeg failed; the session is gone.</summary>
    Failed,

    /// <summary>Stopped (no heartbeat, a user's limit, an operator, the node); the session is gone.</summary>
    Stopped,
}
