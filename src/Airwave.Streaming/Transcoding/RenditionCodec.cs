namespace Airwave.Streaming.Transcoding;

/// <summary>The codecs a rendition can be encoded in: the audio formats a channel carries.</summary>
public enum RenditionCodec
{
    /// <summary>AAC-LC in ADTS, by ffmpeg's native <c>aac</c> encoder.</summary>
    Aac,

    /// <summary>MP3, by <c>libmp3lame</c>.</summary>
    Mp3,
}
