using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>A node pulling a 320×180 H.264/AAC transport stream at its own rate into <c>/tv</c>, which has a 144-line rendition <c>/tv-144p</c>.</summary>
public sealed class VideoRenditionNode() : PulledVideoNode("""
    hls.segment-duration = 2s
    renditions = [ { name = 144p, codec = h264, height = 144, bitrate = 150k, audio-bitrate = 48k } ]
    """);
