using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Hls;

/// <summary>A node with the standalone demo loop (MP3, 44.1 kHz) and an AAC mount for an ffmpeg source, cut into the default 6-second HLS segments.</summary>
public sealed class TimestampNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            demo { loop-file = "assets/demo.mp3" }
            radio-aac { password = "pw" }
          }
        }
        """,
});
