namespace Airwave.Streaming.Analytics;

/// <summary>The listening figures of a period (docs/operations.md, "Listening analytics", defines each).</summary>
/// <param name="From">The period's start (inclusive).</param>
/// <param name="To">Its end (exclusive).</param>
/// <param name="Sessions">Listener sessions that began in the period (a resumed session, or an HLS session served by two nodes, counts once).</param>
/// <param name="UniqueListeners">Distinct client address and user agent pairs that listened in the period.</param>
/// <param name="PeakConcurrent">The most listens going on at one moment of the period.</param>
/// <param name="TlhHours">Total listening hours within the period.</param>
/// <param name="AtslMinutes">Average time spent listening: the listening time per unique listener, in minutes.</param>
/// <param name="Bytes">Bytes sent in the period (a listen across its edges counts pro rata).</param>
public sealed record ListeningFigures(DateTime From, DateTime To, int Sessions, int UniqueListeners, int PeakConcurrent, double TlhHours, double AtslMinutes, long Bytes);
