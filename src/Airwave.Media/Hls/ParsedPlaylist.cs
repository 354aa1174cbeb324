namespace Airwave.Media.Hls;

/// <summary>An upstream playlist as read by <see cref="HlsPlaylistParser"/>: a master or a media playlist.</summary>
public abstract record ParsedPlaylist;

/// <summary>A master playlist: the variants to choose from.</summary>
public sealed record ParsedMasterPlaylist(IReadOnlyList<ParsedVariant> Variants) : ParsedPlaylist;

/// <summary>A media playlist: its window of segments.</summary>
/// <param name="TargetDuration">EXT-X-TARGETDURATION.</param>
/// <param name="MediaSequence">EXT-X-MEDIA-SEQUENCE (the first segment's number).</param>
/// <param name="DiscontinuitySequence">EXT-X-DISCONTINUITY-SEQUENCE.</param>
/// <param name="Segments">The segments in order.</param>
/// <param name="Ended">True when EXT-X-ENDLIST was present.</param>
/// <param name="Unsupported">Why the segments cannot be relayed (encryption, fMP4, byte ranges), or null.</param>
public sealed record ParsedMediaPlaylist(
    TimeSpan TargetDuration, long MediaSequence, long DiscontinuitySequence, IReadOnlyList<ParsedSegment> Segments, bool Ended, string? Unsupported)
    : ParsedPlaylist
{
    /// <summary>The sequence number after the last segment.</summary>
    public long NextSequence => MediaSequence + Segments.Count;
}
