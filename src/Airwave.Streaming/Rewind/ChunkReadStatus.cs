namespace Airwave.Streaming.Rewind;

/// <summary>What a reader found when asking the rewind buffer for a sequence number.</summary>
public enum ChunkReadStatus
{
    /// <summary>A chunk at or after the requested sequence number was returned.</summary>
    Available,

    /// <summary>Nothing at or after the requested sequence number has been appended yet: wait for the next chunk.</summary>
    NotYetAvailable,

    /// <summary>The requested sequence number fell out of the buffer: the reader is too far behind.</summary>
    Evicted,
}
