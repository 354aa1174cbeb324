using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>A node with one looping channel per session test (so their limits never meet), two profiles, and short session timeouts.</summary>
public sealed class TranscodeSessionNode() : NodeFixture(new NodeOptions { Config = Config })
{
    public const string Config = """
        airwave {
          # Listens write their progress every second, so a test reads a session's listen as it goes on.
          analytics { flush-interval = 200ms, progress-interval = 1s }
          transcoding {
            profiles {
              mobile { codec = aac, bitrate = 48k, channels = 1 }
              # A video profile on an audio channel: ffmpeg refuses it at once.
              tv { codec = h264, height = 240, bitrate = 300k }
            }
            sessions { heartbeat-timeout = 10s, max-per-source = 2, max-per-user = 1, segment-duration = 2s }
          }
          channels {
            reuse { loop-file = "assets/demo.mp3" }
            expiry { loop-file = "assets/demo.mp3" }
            capacity { loop-file = "assets/demo.mp3" }
            user { loop-file = "assets/demo.mp3" }
            window { loop-file = "assets/demo.mp3" }
            tokened { loop-file = "assets/demo.mp3", token-secret = "0123456789abcdef0123456789abcdef" }
          }
        }
        """;
}
