using Airwave.Media;

namespace Airwave.Streaming.Hls;

/// <summary>How a channel's format is served as HLS: packed audio (MP3, ADTS AAC) or MPEG-TS segments.</summary>
public static class SegmentFormat
{
    /// <summary>True for packed audio, whose segments start with the ID3 timestamp tag.</summary>
    public static bool IsPackedAudio(AudioFormat format) => format is AudioFormat.Mp3 or AudioFormat.Aac;

    /// <summary>The segment file extension without a dot: mp3, aac or ts.</summary>
    public static string Extension(AudioFormat format) => format switch
    {
        AudioFormat.Mp3 => "mp3",
        AudioFormat.Aac => "aac",
        _ => "ts",
    };

    /// <summary>The segment content type.</summary>
    public static string ContentType(AudioFormat format) => format switch
    {
        AudioFormat.Mp3 => AudioContentTypes.Mpeg,
        AudioFormat.Aac => AudioContentTypes.Aac,
        _ => "video/mp2t",
    };

    /// <summary>The CODECS attribute of a master playlist entry (AAC LC, MP3), or null when the segments do not tell.</summary>
    public static string? Codecs(AudioFormat format) => format switch
    {
        AudioFormat.Mp3 => "mp4a.40.34",
        AudioFormat.Aac => "mp4a.40.2",
        _ => null,
    };
}
