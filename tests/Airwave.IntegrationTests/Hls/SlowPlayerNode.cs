using Airwave.IntegrationTests.Harness;
using Airwave.TestFixtures;

namespace Airwave.IntegrationTests.Hls;

/// <summary>A node pulling the 430 kbit/s transport stream fixture at its own rate into <c>/tv</c>, cut into 10-second segments of about 530 KB.</summary>
public sealed class SlowPlayerNode : IAsyncLifetime
{
    private readonly LoopbackUpstream upstream = LoopbackUpstream.Start();
    private NodeProcess? node;

    internal NodeProcess Node => node ?? throw new InvalidOperationException("the node has not started");

    public async Task InitializeAsync()
    {
        upstream.Map("/live.ts", LoopbackUpstream.Paced("video/mp2t", File.ReadAllBytes(RepoLayout.Fixture("video-320x180-h264-aac.ts")), 53_600));
        node = await NodeProcess.StartAsync(new NodeOptions
        {
            Config = $$"""
                airwave.channels.tv {
                  upstreams = [ { url = "{{upstream.Url("/live.ts")}}", type = ts } ]
                  hls.segment-duration = 10s
                }
                """,
        });
    }

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            await node.DisposeAsync();
        }

        await upstream.DisposeAsync();
    }
}
