using Airwave.Media.Hls;

namespace Airwave.Streaming.Upstreams;

/// <summary>The segments of a playlist refresh to fetch, in order, and whether the stream breaks before them.</summary>
/// <param name="Segments">Segments not fetched yet.</param>
/// <param name="BreakBefore">True after a media sequence reset or when the upstream's window slid past segments we never got.</param>
/// <param name="Note">What happened, for the log, or null.</param>
public sealed record HlsPlan(IReadOnlyList<ParsedSegment> Segments, bool BreakBefore, string? Note);
