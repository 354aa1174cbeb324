namespace Airwave.Streaming.Relay;

/// <summary>How one feed connection ended.</summary>
/// <param name="Reason">What ended it, for the log.</param>
/// <param name="Chunks">Chunks it appended to the replica.</param>
/// <param name="Connected">True when the owner answered with the feed (it may still have sent no chunk).</param>
public sealed record RelayFeedEnd(string Reason, long Chunks, bool Connected = false);
