namespace Airwave.Streaming.Upstreams;

/// <summary>What to do after a failed attempt: which upstream to try next and after how long.</summary>
/// <param name="Index">The upstream to try.</param>
/// <param name="Moved">True when that is a different upstream than the one that failed.</param>
/// <param name="Delay">How long to wait before trying.</param>
public readonly record struct FailoverDecision(int Index, bool Moved, TimeSpan Delay);
