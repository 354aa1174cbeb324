using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>
/// A node whose <c>/quiet</c> and <c>/noisy</c> mounts drop a source after 3 s without audio, set through the environment
/// override; <c>/noisy</c> falls back to <c>/backup</c>, which loops the shipped chime.
/// </summary>
public sealed class TimeoutNode() : NodeFixture(new NodeOptions
{
    Config = """
        airwave {
          channels {
            quiet { password = "pw-quiet" }
            hushed { password = "pw-hushed" }
            noisy {
              password = "pw-noisy"
              fallback-mount = "/backup"
            }
            backup { loop-file = "assets/demo.mp3" }
          }
        }
        """,
    Environment = new Dictionary<string, string>
    {
        ["AIRWAVE__CHANNELS__QUIET__SOURCE_TIMEOUT"] = "3s",
        ["AIRWAVE__CHANNELS__HUSHED__SOURCE_TIMEOUT"] = "3s",
        ["AIRWAVE__CHANNELS__NOISY__SOURCE_TIMEOUT"] = "3s",
    },
});
