namespace Airwave.Streaming.Analytics;

/// <summary>What happened to a listen.</summary>
public enum ListenEventKind
{
    /// <summary>It began: a connection was accepted, an HLS session fetched its first segment, a download began.</summary>
    Start,

    /// <summary>It goes on: written every <c>analytics.progress-interval</c>.</summary>
    Progress,

    /// <summary>It is over.</summary>
    End,
}
