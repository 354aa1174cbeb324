using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>A node with one mount per real source client test, so each client's log lines name its own mount.</summary>
public sealed class SourceClientNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            lq-put { password = "pw-lq" }
            lq-chunked { password = "pw-lq" }
            lq-source { password = "pw-lq" }
            shout { password = "pw-shout" }
            ices { password = "pw-ices" }
          }
        }
        """,
});
