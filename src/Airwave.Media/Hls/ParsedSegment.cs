namespace Airwave.Media.Hls;

/// <summary>A segment of an upstream media playlist as read by <see cref="HlsPlaylistParser"/>.</summary>
/// <param name="Sequence">Its media sequence number.</param>
/// <param name="Uri">Its URI as written (relative to the playlist).</param>
/// <param name="Duration">The EXTINF duration.</param>
/// <param name="Discontinuity">True when EXT-X-DISCONTINUITY precedes it.</param>
public sealed record ParsedSegment(long Sequence, string Uri, TimeSpan Duration, bool Discontinuity);
