using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Hls;

/// <summary>A node with an MP3 and an AAC mount in one adaptive group, cut into 2-second HLS segments so tests need little buffered audio.</summary>
public sealed class HlsNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channel-defaults { hls { segment-duration = 2s } }
          channels {
            radio-mp3 { password = "pw" }
            recorded { password = "pw" }   # one source only: the live window never spans another source's gap
            radio-aac { password = "pw" }
            silent { password = "pw" }   # never gets a source
            derived { password = "pw" }   # its HLS sessions are counted
          }
          groups { radio = [radio-aac, radio-mp3] }
        }
        """,
});
