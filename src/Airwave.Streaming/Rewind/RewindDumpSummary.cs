namespace Airwave.Streaming.Rewind;

/// <summary>What a rewind dump wrote.</summary>
/// <param name="Chunks">Chunk records written.</param>
/// <param name="Bytes">Bytes written, headers included.</param>
/// <param name="SkippedEvicted">Chunks evicted by the writer while the dump ran, and so left out.</param>
public readonly record struct RewindDumpSummary(long Chunks, long Bytes, long SkippedEvicted);
