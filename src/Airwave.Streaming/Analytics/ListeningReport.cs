namespace Airwave.Streaming.Analytics;

/// <summary>What <c>GET /api/analytics</c> answers: the figures of a window, by output, by offset and per interval.</summary>
/// <param name="Channel">The channel reported on, or null for all.</param>
/// <param name="From">The window's start.</param>
/// <param name="To">Its end.</param>
/// <param name="IntervalSeconds">The length of each interval.</param>
/// <param name="LiveWithinSeconds">A listen less than this far behind live counts as live, further as rewind.</param>
/// <param name="Total">The whole window.</param>
/// <param name="ByOutput">The whole window per output (raw, icy, hls, download).</param>
/// <param name="ByOffset">The whole window for live and for rewind listening.</param>
/// <param name="Intervals">Each interval of the window, oldest first.</param>
public sealed record ListeningReport(
    string? Channel,
    DateTime From,
    DateTime To,
    double IntervalSeconds,
    double LiveWithinSeconds,
    ListeningFigures Total,
    IReadOnlyDictionary<string, ListeningFigures> ByOutput,
    IReadOnlyDictionary<string, ListeningFigures> ByOffset,
    IReadOnlyList<ListeningFigures> Intervals);
