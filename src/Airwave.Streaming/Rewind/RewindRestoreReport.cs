namespace Airwave.Streaming.Rewind;

/// <summary>What restoring a rewind dump recovered, and what it had to leave out.</summary>
/// <param name="Restored">Chunks appended to the buffer.</param>
/// <param name="Expired">Chunks dropped because they ended more than the buffer's max duration before now.</param>
/// <param name="Corrupt">Chunks dropped because their payload checksum failed.</param>
/// <param name="OutOfOrder">Chunks dropped because their sequence number or start did not follow what the buffer held.</param>
/// <param name="Complete">True when the dump ended with a valid end record and nothing was unreadable.</param>
/// <param name="Problem">Why reading stopped early or what was wrong, or null when the dump was read whole.</param>
public sealed record RewindRestoreReport(long Restored, long Expired, long Corrupt, long OutOfOrder, bool Complete, string? Problem);
