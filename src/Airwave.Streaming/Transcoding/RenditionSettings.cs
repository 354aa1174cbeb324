namespace Airwave.Streaming.Transcoding;

/// <summary>One rendition a channel declares: its source channel's audio re-encoded by ffmpeg into a channel of its own.</summary>
/// <param name="Name">The rendition's name within its channel, e.g. <c>aac64</c>.</param>
/// <param name="SourceChannel">The id of the channel it is made from.</param>
/// <param name="Encoding">What it is encoded into.</param>
public sealed record RenditionSettings(string Name, string SourceChannel, TranscodeEncoding Encoding)
{
    /// <summary>The id of the rendition's own channel, served at <c>/&lt;source&gt;-&lt;name&gt;</c> (e.g. <c>/live-aac64</c>).</summary>
    public string ChannelName => SourceChannel + "-" + Name;
}
