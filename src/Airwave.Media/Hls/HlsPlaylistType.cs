namespace Airwave.Media.Hls;

/// <summary>How a media playlist may change after it is served (RFC 8216 §4.3.3.5), which decides the tags it carries.</summary>
public enum HlsPlaylistType
{
    /// <summary>A sliding window: segments are added at the end and removed from the start (no EXT-X-PLAYLIST-TYPE).</summary>
    Live,

    /// <summary>Segments are only added at the end (EXT-X-PLAYLIST-TYPE:EVENT).</summary>
    Event,

    /// <summary>Never changes (EXT-X-PLAYLIST-TYPE:VOD and EXT-X-ENDLIST).</summary>
    Vod,
}
