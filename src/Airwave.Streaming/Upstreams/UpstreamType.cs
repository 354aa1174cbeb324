namespace Airwave.Streaming.Upstreams;

/// <summary>What an upstream serves; <see cref="Auto"/> sniffs it from the first response.</summary>
public enum UpstreamType
{
    /// <summary>Decide from Content-Type and the first bytes.</summary>
    Auto,

    /// <summary>An Icecast/SHOUTcast or plain HTTP MP3/AAC stream.</summary>
    Icecast,

    /// <summary>An HLS master or media playlist.</summary>
    Hls,

    /// <summary>A continuous MPEG-TS stream over HTTP.</summary>
    Ts,
}
