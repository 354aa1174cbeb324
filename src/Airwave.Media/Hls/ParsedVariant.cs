namespace Airwave.Media.Hls;

/// <summary>One EXT-X-STREAM-INF entry of an upstream master playlist.</summary>
/// <param name="Uri">The media playlist URI as written.</param>
/// <param name="Bandwidth">BANDWIDTH in bit/s (0 when missing).</param>
/// <param name="Resolution">RESOLUTION such as 1280x720, or empty.</param>
/// <param name="Name">NAME (a common extension) or, failing that, VIDEO, or empty.</param>
/// <param name="Codecs">CODECS, or empty.</param>
public sealed record ParsedVariant(string Uri, long Bandwidth, string Resolution, string Name, string Codecs);
