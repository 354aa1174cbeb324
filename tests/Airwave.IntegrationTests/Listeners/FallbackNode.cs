using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>Like the standalone default: <c>/demo</c> loops the shipped chime and <c>/live</c> falls back to it.</summary>
public sealed class FallbackNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            demo { loop-file = "assets/demo.mp3" }
            live {
              password = "pw-live"
              fallback-mount = "/demo"
            }
          }
        }
        """,
});
