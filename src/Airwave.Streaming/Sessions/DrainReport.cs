namespace Airwave.Streaming.Sessions;

/// <summary>What draining a node's listeners did, for the shutdown log.</summary>
/// <param name="Listeners">Raw listeners connected when the drain began.</param>
/// <param name="AtChunkBoundary">Those that stopped between two chunks.</param>
/// <param name="Dropped">Those that did not within <c>sessions.drain-timeout</c> and were cut off.</param>
/// <param name="Checkpointed">Sessions written by the drain's final batch.</param>
public sealed record DrainReport(int Listeners, int AtChunkBoundary, int Dropped, int Checkpointed);
