namespace Airwave.Media;

/// <summary>The elementary audio formats a channel can carry, so every stage agrees on what the bytes are.</summary>
public enum AudioFormat
{
    /// <summary>Not known (yet): nothing has been sniffed or declared.</summary>
    Unknown = 0,

    /// <summary>MPEG audio (Layer III, also Layer II) frames.</summary>
    Mp3,

    /// <summary>AAC in ADTS frames.</summary>
    Aac,

    /// <summary>An MPEG transport stream (188-byte packets, usually H.264/HEVC video with audio) relayed as is.</summary>
    MpegTs,
}
