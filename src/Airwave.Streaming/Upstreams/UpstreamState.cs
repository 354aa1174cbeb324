namespace Airwave.Streaming.Upstreams;

/// <summary>Where an upstream stands, as the admin API shows it.</summary>
public enum UpstreamState
{
    /// <summary>Not in use (a standby in the failover list, or an on-demand channel without listeners).</summary>
    Idle,

    /// <summary>A connection is being opened and its first bytes awaited.</summary>
    Connecting,

    /// <summary>Media flows into the channel.</summary>
    Streaming,

    /// <summary>The last attempt failed; the next one waits for its backoff.</summary>
    Backoff,

    /// <summary>It failed and the channel moved on to another upstream.</summary>
    Failed,
}
