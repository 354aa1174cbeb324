using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>A node whose <c>/quiet</c> mount drops a source after 3 s of silence, set through the environment override.</summary>
public sealed class TimeoutNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            quiet { password = "pw-quiet" }
          }
        }
        """,
    Environment = new Dictionary<string, string> { ["AIRWAVE__CHANNELS__QUIET__SOURCE_TIMEOUT"] = "3s" },
});
