namespace Airwave.Media.Ts;

/// <summary>What an elementary stream of a program carries, from its PMT stream type.</summary>
public enum TsStreamKind
{
    /// <summary>A stream type Airwave does not look into (data, subtitles).</summary>
    Other,

    /// <summary>H.264 / AVC video.</summary>
    H264,

    /// <summary>H.265 / HEVC video.</summary>
    Hevc,

    /// <summary>Other video (MPEG-2); random access only through the adaptation field.</summary>
    OtherVideo,

    /// <summary>Audio of any codec.</summary>
    Audio,
}
