namespace Airwave.Streaming.Transcoding;

/// <summary>What a transcode session does with a request for one of its segments.</summary>
public enum TranscodeSegmentDecision
{
    /// <summary>The segment exists: send it.</summary>
    Serve,

    /// <summary>The running ffmpeg is about to write it: wait.</summary>
    Wait,

    /// <summary>Nothing will write it soon: start ffmpeg at it (the running one stops), then wait.</summary>
    Restart,

    /// <summary>It lies outside the session (past a window's end, or ahead of live): 404.</summary>
    Beyond,
}
