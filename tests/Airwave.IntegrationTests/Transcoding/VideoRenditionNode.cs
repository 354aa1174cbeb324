using Airwave.IntegrationTests.Harness;
using Airwave.TestFixtures;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>A node pulling a 320×180 H.264/AAC transport stream at its own rate into <c>/tv</c>, which has a 144-line rendition <c>/tv-144p</c>.</summary>
public sealed class VideoRenditionNode : IAsyncLifetime
{
    private readonly LoopbackUpstream upstream = LoopbackUpstream.Start();
    private NodeProcess? node;

    internal NodeProcess Node => node ?? throw new InvalidOperationException("the node has not started");

    public async Task InitializeAsync()
    {
        // 53,600 bytes a second is the fixture's own rate (30 s of about 430 kbit/s).
        upstream.Map("/live.ts", LoopbackUpstream.Paced("video/mp2t", File.ReadAllBytes(RepoLayout.Fixture("video-320x180-h264-aac.ts")), 53_600));
        node = await NodeProcess.StartAsync(new NodeOptions
        {
            Config = $$"""
                airwave.channels.tv {
                  upstreams = [ { url = "{{upstream.Url("/live.ts")}}", type = ts } ]
                  hls.segment-duration = 2s
                  renditions = [ { name = 144p, codec = h264, height = 144, bitrate = 150k, audio-bitrate = 48k } ]
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
