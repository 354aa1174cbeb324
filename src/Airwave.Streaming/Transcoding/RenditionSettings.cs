using Airwave.Media;

namespace Airwave.Streaming.Transcoding;

/// <summary>One rendition a channel declares: its source channel's audio re-encoded by ffmpeg into a channel of its own.</summary>
/// <param name="Name">The rendition's name within its channel, e.g. <c>aac64</c>.</param>
/// <param name="SourceChannel">The id of the channel it is made from.</param>
/// <param name="Codec">What it is encoded in.</param>
/// <param name="BitrateKbps">Its bitrate in kbit/s (of the video, for <see cref="RenditionCodec.H264"/>).</param>
/// <param name="Channels">Audio channels (1 or 2), or 0 to keep the source's.</param>
/// <param name="SampleRate">Sample rate in Hz, or 0 to keep the source's.</param>
public sealed record RenditionSettings(string Name, string SourceChannel, RenditionCodec Codec, int BitrateKbps, int Channels, int SampleRate)
{
    /// <summary>The id of the rendition's own channel, served at <c>/&lt;source&gt;-&lt;name&gt;</c> (e.g. <c>/live-aac64</c>).</summary>
    public string ChannelName => SourceChannel + "-" + Name;

    /// <summary>The picture height of a video rendition (the width follows the source's aspect); 0 for audio.</summary>
    public int Height { get; init; }

    /// <summary>The AAC bitrate of a video rendition's audio in kbit/s; 0 for audio renditions.</summary>
    public int AudioBitrateKbps { get; init; }

    /// <summary>The format of the rendition's chunks.</summary>
    public AudioFormat Format => Codec switch
    {
        RenditionCodec.Aac => AudioFormat.Aac,
        RenditionCodec.Mp3 => AudioFormat.Mp3,
        _ => AudioFormat.MpegTs,
    };

    /// <summary>The bits per second a player should expect: video and audio for a video rendition.</summary>
    public int TotalBitrateKbps => BitrateKbps + AudioBitrateKbps;
}
