namespace Airwave.Streaming.Relay;

/// <summary>The kinds of frame on the internal chunk feed (<c>/internal/channels/{id}/feed</c>).</summary>
public enum FeedFrameType : byte
{
    /// <summary>One chunk: its header as the owner numbered and timed it, then its payload.</summary>
    Chunk = 1,

    /// <summary>The channel's stream description, title and source state (JSON), sent first and whenever they change.</summary>
    State = 2,

    /// <summary>An HLS segment the owner closed, sent after its last chunk, so every relay numbers segments alike.</summary>
    Segment = 3,

    /// <summary>The feed caught up with the owner's live edge (sent once, after the backlog).</summary>
    Live = 4,

    /// <summary>Nothing new; keeps idle connections and their timeouts alive.</summary>
    Heartbeat = 5,
}
