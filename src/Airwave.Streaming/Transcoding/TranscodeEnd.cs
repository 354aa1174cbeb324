namespace Airwave.Streaming.Transcoding;

/// <summary>Why one ffmpeg run of a transcoder ended.</summary>
public enum TranscodeEndKind
{
    /// <summary>The source channel sent nothing new (its source left): ffmpeg was fed to the end and finished.</summary>
    SourceIdle,

    /// <summary>The source channel's timeline jumped or its format changed: ffmpeg finished that part and starts again on the next.</summary>
    SourceBreak,

    /// <summary>ffmpeg exited while it was still fed, or its pipes broke.</summary>
    Failed,

    /// <summary>ffmpeg was fed but wrote nothing for the stall timeout.</summary>
    Stalled,

    /// <summary>What ffmpeg wrote was not the expected audio.</summary>
    NotAudio,
}

/// <summary>How one ffmpeg run ended, with what ffmpeg said last.</summary>
/// <param name="Kind">Why it ended.</param>
/// <param name="Detail">For a failure: the exit code and the last lines ffmpeg wrote to stderr.</param>
public sealed record TranscodeEnd(TranscodeEndKind Kind, string Detail)
{
    /// <summary>True when the run ended because of ffmpeg rather than the source; the next start waits the backoff.</summary>
    public bool IsFailure => Kind is TranscodeEndKind.Failed or TranscodeEndKind.Stalled or TranscodeEndKind.NotAudio;
}
