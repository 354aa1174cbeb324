using Airwave.TestFixtures;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// A node pulling the 320×180 H.264/AAC transport stream fixture at its own rate (53,600 bytes a second, about 430
/// kbit/s) into <c>/tv</c>, with the channel settings <paramref name="channelSettings"/> (HOCON inside <c>airwave.channels.tv</c>).
/// </summary>
public abstract class PulledVideoNode(string channelSettings) : IAsyncLifetime
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
                  {{channelSettings}}
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
