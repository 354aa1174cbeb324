using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.IcecastAdmin;

/// <summary>
/// A node for Icecast's admin API: looping MP3 mounts <c>/a</c> and <c>/m</c> (128 kbit/s stereo 44.1 kHz), <c>/b</c>
/// (32 kbit/s mono 22.05 kHz, so moved audio is told apart), an AAC mount <c>/c</c>, and <c>/k</c> waiting for a
/// source with <c>/b</c> as its fallback.
/// </summary>
public sealed class IcecastAdminNode() : NodeFixture(new NodeOptions
{
    Config = $$"""
        airwave {
          admin { password = "{{AdminPassword}}" }
          channels {
            a { loop-file = "{{Fixtures.Mp3Stereo128}}", password = "pw-a" }
            m { loop-file = "{{Fixtures.Mp3Stereo128}}" }
            b { loop-file = "{{Fixtures.Mp3Mono32}}" }
            c { loop-file = "{{Fixtures.AacStereo64}}" }
            k { password = "pw-k", fallback-mount = "/b" }
          }
        }
        """,
})
{
    public const string AdminPassword = "admin-pw";
}
