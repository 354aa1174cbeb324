namespace Airwave.Media.Hls;

/// <summary>One rendition in a master playlist (EXT-X-STREAM-INF).</summary>
/// <param name="Uri">The rendition's media playlist URI.</param>
/// <param name="Bandwidth">Peak bits per second (BANDWIDTH).</param>
/// <param name="Codecs">RFC 6381 codec list (CODECS), or null to leave it out.</param>
public sealed record PlaylistVariant(string Uri, long Bandwidth, string? Codecs);
