namespace Airwave.Streaming.Transcoding;

/// <summary>The codecs ffmpeg encodes renditions and transcode sessions in: the formats a channel carries.</summary>
public enum TranscodeCodec
{
    /// <summary>AAC-LC in ADTS, by ffmpeg's native <c>aac</c> encoder.</summary>
    Aac,

    /// <summary>MP3, by <c>libmp3lame</c>.</summary>
    Mp3,

    /// <summary>H.264 video (<c>libx264</c>) with AAC audio in MPEG-TS, from an MPEG-TS channel.</summary>
    H264,
}
