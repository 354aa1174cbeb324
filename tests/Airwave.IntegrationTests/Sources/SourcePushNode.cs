using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>A node with one mount per source test, so the tests of the class can push at the same time.</summary>
public sealed class SourcePushNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          admin { password = "admin-pw" }
          channels {
            mp3 { password = "pw-mp3" }
            legacy { password = "pw-legacy" }
            aac { password = "pw-aac" }
          }
        }
        """,
});
