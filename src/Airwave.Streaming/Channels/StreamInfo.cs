using Airwave.Media;

namespace Airwave.Streaming.Channels;

/// <summary>What listeners are told about the stream: format and the icy-* headers.</summary>
public sealed record StreamInfo(AudioFormat Format, string Name, string Description, string Genre, string Url, int BitrateKbps, int SampleRate, int Channels, bool Public)
{
    public string ContentType => AudioContentTypes.GetContentType(Format);
}
