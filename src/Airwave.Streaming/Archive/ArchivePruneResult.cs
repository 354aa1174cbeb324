namespace Airwave.Streaming.Archive;

/// <summary>What one pruning pass removed from a channel's archive.</summary>
/// <param name="ExpiredSegments">Segments removed for being older than the retention.</param>
/// <param name="OversizeSegments">Segments removed to bring the archive under its size limit.</param>
/// <param name="Bytes">Bytes freed.</param>
public readonly record struct ArchivePruneResult(int ExpiredSegments, int OversizeSegments, long Bytes)
{
    /// <summary>Segments removed in all.</summary>
    public int Segments => ExpiredSegments + OversizeSegments;
}
