namespace Airwave.Streaming.Channels;

/// <summary>Whether a channel has a source feeding it.</summary>
public enum SourceState
{
    /// <summary>No source has connected since the node started.</summary>
    Never,

    /// <summary>A source is feeding the channel.</summary>
    Connected,

    /// <summary>The source went away; listeners wait or use the fallback mount.</summary>
    Lost,
}
