namespace Airwave.Streaming.Sources;

/// <summary>How a source's stream ended.</summary>
public enum SourceOutcome
{
    /// <summary>The source closed its stream.</summary>
    Ended,

    /// <summary>Nothing arrived, or nothing that framed as audio, for the channel's source-timeout.</summary>
    TimedOut,

    /// <summary>The first bytes were not MP3 or ADTS AAC.</summary>
    NotAudio,

    /// <summary>The node is shutting down or the connection was aborted.</summary>
    Cancelled,
}
