namespace Airwave.Media.Hls;

/// <summary>Everything an HLS media playlist states, ready for <see cref="MediaPlaylistWriter"/>.</summary>
/// <param name="TargetDuration">EXT-X-TARGETDURATION in whole seconds; at least every segment's duration rounded up.</param>
/// <param name="MediaSequence">EXT-X-MEDIA-SEQUENCE: the media sequence number of the first segment.</param>
/// <param name="DiscontinuitySequence">EXT-X-DISCONTINUITY-SEQUENCE of the first segment.</param>
/// <param name="Type">Live window, event or VOD.</param>
/// <param name="Segments">The segments in order.</param>
public sealed record MediaPlaylist(int TargetDuration, long MediaSequence, long DiscontinuitySequence, HlsPlaylistType Type, IReadOnlyList<MediaPlaylistSegment> Segments)
{
    /// <summary>EXT-X-VERSION written: 3 allows decimal EXTINF durations.</summary>
    public const int Version = 3;
}
