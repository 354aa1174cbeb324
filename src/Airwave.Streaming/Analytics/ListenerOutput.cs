namespace Airwave.Streaming.Analytics;

/// <summary>How a listener is served: the <c>output</c> label of <c>airwave_listeners</c> and the output of a listen in the analytics.</summary>
public static class ListenerOutput
{
    /// <summary>A stream connection without ICY metadata (also time-shifted ones).</summary>
    public const string Raw = "raw";

    /// <summary>A stream connection with ICY metadata interleaved.</summary>
    public const string Icy = "icy";

    /// <summary>An HLS session (playlists and segments).</summary>
    public const string Hls = "hls";

    /// <summary>An archive download (clip or DRR file) being sent.</summary>
    public const string Download = "download";
}
