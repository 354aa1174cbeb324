using Airwave.Media;

namespace Airwave.Streaming.Transcoding;

/// <summary>One rendition a channel declares: its source channel's audio re-encoded by ffmpeg into a channel of its own.</summary>
/// <param name="Name">The rendition's name within its channel, e.g. <c>aac64</c>.</param>
/// <param name="SourceChannel">The id of the channel it is made from.</param>
/// <param name="Codec">What it is encoded in.</param>
/// <param name="BitrateKbps">Its bitrate in kbit/s.</param>
/// <param name="Channels">Audio channels (1 or 2), or 0 to keep the source's.</param>
/// <param name="SampleRate">Sample rate in Hz, or 0 to keep the source's.</param>
public sealed record RenditionSettings(string Name, string SourceChannel, RenditionCodec Codec, int BitrateKbps, int Channels, int SampleRate)
{
    /// <summary>The id of the rendition's own channel, served at <c>/&lt;source&gt;-&lt;name&gt;</c> (e.g. <c>/live-aac64</c>).</summary>
    public string ChannelName => SourceChannel + "-" + Name;

    /// <summary>The format of the rendition's chunks.</summary>
    public AudioFormat Format => Codec == RenditionCodec.Aac ? AudioFormat.Aac : AudioFormat.Mp3;
}
