using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>A node whose <c>/crowded</c> mount drops listeners more than 64 KiB (4 s at 128 kbps) behind.</summary>
public sealed class SlowListenerNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            crowded {
              password = "pw-crowded"
              queue-size = 64KiB
            }
          }
        }
        """,
});
