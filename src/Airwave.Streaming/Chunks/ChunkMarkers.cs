namespace Airwave.Streaming.Chunks;

/// <summary>What a listener or segmenter must know about a chunk before playing or cutting at it.</summary>
[Flags]
public enum ChunkMarkers
{
    /// <summary>An ordinary continuation of the previous chunk.</summary>
    None = 0,

    /// <summary>The stream does not continue seamlessly from the previous chunk (source switch, gap, format change).</summary>
    Discontinuity = 1,

    /// <summary>A decoder can start at this chunk (a keyframe for video; every frame-aligned audio chunk).</summary>
    RandomAccess = 2,

    /// <summary>The stream metadata (title) changed at this chunk; see <see cref="ChunkHeader.MetadataVersion"/>.</summary>
    MetadataChanged = 4,
}
