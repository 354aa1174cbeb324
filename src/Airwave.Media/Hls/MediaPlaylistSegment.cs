namespace Airwave.Media.Hls;

/// <summary>One media segment line group of a media playlist: where it is, how long it plays and when it was on air.</summary>
/// <param name="Uri">The segment URI as written (absolute or relative to the playlist).</param>
/// <param name="Duration">Its EXTINF duration.</param>
/// <param name="ProgramDateTime">UTC time of its first sample (EXT-X-PROGRAM-DATE-TIME).</param>
/// <param name="Discontinuity">True to write EXT-X-DISCONTINUITY before it.</param>
public sealed record MediaPlaylistSegment(string Uri, TimeSpan Duration, DateTime ProgramDateTime, bool Discontinuity);
