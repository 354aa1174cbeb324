namespace Airwave.Streaming.Transcoding;

/// <summary>How a session request ended.</summary>
public enum TranscodeStartOutcome
{
    /// <summary>The session has two segments (or is a finished window); <see cref="TranscodeStartResult.Session"/> is it.</summary>
    Ready,

    /// <summary>The request is malformed (400).</summary>
    Invalid,

    /// <summary>No such channel or profile, or nothing held for the window (404).</summary>
    NotFound,

    /// <summary>The channel has as many sessions as it may and none is the user's (429).</summary>
    AtCapacity,

    /// <summary>No ffmpeg process slot is free on this node (503).</summary>
    NoProcess,

    /// <summary>ffmpeg failed before the session was ready (502); the message quotes it.</summary>
    Failed,

    /// <summary>ffmpeg did not write two segments in time (504).</summary>
    TimedOut,
}

/// <summary>The answer to a session request.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Session">The session when ready.</param>
/// <param name="Reused">True when the request joined a session already running or cached.</param>
/// <param name="Message">Why it is not ready.</param>
/// <param name="Position">Where the request asked to play from (a seek); null for the session's start.</param>
public sealed record TranscodeStartResult(TranscodeStartOutcome Outcome, TranscodeSessionInfo? Session, bool Reused, string Message, TimeSpan? Position = null);
