using Airwave.TestFixtures;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// A node per test beside an upstream a channel can pull: <c>/stream</c> on a loopback HTTP server plays the MP3 fixture
/// at its 128 kbit/s with <c>icy-br</c>, started before the node and stopped after it.
/// </summary>
public abstract class UpstreamNodePerTest(ITestOutputHelper output) : NodePerTest(output)
{
    private LoopbackUpstream? upstream;

    private protected LoopbackUpstream Upstream => upstream ?? throw new InvalidOperationException("the upstream has not started");

    public override async Task InitializeAsync()
    {
        upstream = LoopbackUpstream.Start();
        upstream.Map("/stream", LoopbackUpstream.Paced("audio/mpeg", File.ReadAllBytes(Fixtures.Mp3Stereo128), 16_000, "icy-br: 128"));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (upstream is not null)
        {
            await upstream.DisposeAsync();
        }
    }
}
