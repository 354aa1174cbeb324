namespace Airwave.Streaming.Upstreams;

/// <summary>One validated HLS segment of an upstream, on its way into the channel.</summary>
/// <param name="Bytes">The whole segment.</param>
/// <param name="IsTs">MPEG-TS; otherwise packed audio (ADTS AAC or MP3 behind an ID3 tag).</param>
/// <param name="Break">The stream breaks before it (EXT-X-DISCONTINUITY, or segments skipped as bad or expired).</param>
public sealed record FetchedSegment(byte[] Bytes, bool IsTs, bool Break);
