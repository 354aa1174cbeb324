using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>A node playing its demo loop at once, for the listener port's own transport.</summary>
public sealed class ListenerPortNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            demo { loop-file = "assets/demo.mp3" }
          }
        }
        """,
});
