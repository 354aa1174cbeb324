using Airwave.Media;

namespace Airwave.Streaming.Transcoding;

/// <summary>What ffmpeg encodes into, shared by a channel's renditions and the profiles of transcode sessions.</summary>
/// <param name="Codec">The codec.</param>
/// <param name="BitrateKbps">The bitrate in kbit/s (of the video, for <see cref="TranscodeCodec.H264"/>).</param>
/// <param name="Channels">Audio channels (1 or 2), or 0 to keep the source's.</param>
/// <param name="SampleRate">Sample rate in Hz, or 0 to keep the source's.</param>
public sealed record TranscodeEncoding(TranscodeCodec Codec, int BitrateKbps, int Channels, int SampleRate)
{
    /// <summary>The picture height of video (the width follows the source's aspect); 0 for audio.</summary>
    public int Height { get; init; }

    /// <summary>The AAC bitrate of video's sound in kbit/s; 0 for audio.</summary>
    public int AudioBitrateKbps { get; init; }

    /// <summary>The format of what ffmpeg writes.</summary>
    public AudioFormat Format => Codec switch
    {
        TranscodeCodec.Aac => AudioFormat.Aac,
        TranscodeCodec.Mp3 => AudioFormat.Mp3,
        _ => AudioFormat.MpegTs,
    };

    /// <summary>The bits per second a player should expect: video and audio for video.</summary>
    public int TotalBitrateKbps => BitrateKbps + AudioBitrateKbps;
}
