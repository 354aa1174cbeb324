using System.Net;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Transcoding;

/// <summary>A node allowed one ffmpeg process and asked for two renditions: the second is refused, visibly, not dropped.</summary>
public sealed class RenditionLimitTests(ITestOutputHelper output) : NodePerTest(output)
{
    private protected override NodeOptions Options { get; } = new()
    {
        Config = """
            airwave {
              transcoding.max-processes = 1
              channels.loop {
                loop-file = "assets/demo.mp3"
                renditions = [ { name = first, codec = aac, bitrate = 32k }, { name = second, codec = aac, bitrate = 32k } ]
              }
            }
            """,
    };

    [Fact]
    public async Task A_rendition_beyond_max_processes_is_refused_with_a_log_line_a_status_and_a_503()
    {
        var node = Node;

        var states = await Poll.UntilAsync(
            async () => new[] { await TranscoderAsync(node, "loop-first"), await TranscoderAsync(node, "loop-second") },
            found => found.Order(StringComparer.Ordinal).SequenceEqual(["refused", "running"]),
            TimeSpan.FromSeconds(60),
            "one rendition running and one refused");
        var refused = states[0] == "refused" ? "loop-first" : "loop-second";

        var status = await node.ChannelAsync(refused);
        Assert.Equal("transcoding.max-processes (1) reached on this node", status.GetProperty("rendition").GetProperty("reason").GetString());
        Assert.Contains($"rendition /{refused} not started: transcoding.max-processes (1) reached on this node", node.Log.Since(0), StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(node.Http("/" + refused), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("rendition not running: transcoding.max-processes (1) reached", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string?> TranscoderAsync(NodeProcess node, string channel) =>
        (await node.ChannelAsync(channel)).GetProperty("rendition").GetProperty("transcoder").GetString();
}
