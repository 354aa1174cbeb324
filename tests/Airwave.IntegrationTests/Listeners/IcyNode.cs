using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>A node whose <c>/icy</c> mount interleaves metadata every 4000 bytes, so titles show up within a fraction of a second.</summary>
public sealed class IcyNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            icy {
              password = "pw-icy"
              metadata-interval = 4000
            }
          }
        }
        """,
});
