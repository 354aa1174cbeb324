using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>A node with password-protected mounts for the ways a source gets turned away.</summary>
public sealed class RefusalNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            guarded { password = "right" }
            busy { password = "pw-busy" }
            picky { password = "pw-picky" }
            noise { password = "pw-noise" }
            framed { password = "pw-framed" }
          }
        }
        """,
});
