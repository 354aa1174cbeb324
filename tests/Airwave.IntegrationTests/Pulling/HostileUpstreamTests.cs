using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Pulling;

/// <summary>Upstreams that misbehave end in a clear upstream state and a log line, and the node keeps serving its other channels.</summary>
[Collection("pulled channels")]
public sealed class HostileUpstreamTests(PullNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output)
{
    private readonly NodeProcess node = fixture.Node;

    [Theory]
    [InlineData("html", "HTML page")]
    [InlineData("headers", "header")]
    [InlineData("huge", "larger than")]
    [InlineData("garbage", "neither audio")]
    [InlineData("stuck", "did not finish")]
    public async Task Hostile_upstream_is_reported_and_other_channels_keep_playing(string channel, string error)
    {
        var upstreams = await Poll.UntilAsync(
            () => node.GetAdminJsonAsync($"api/channels/{channel}/upstreams"),
            u => u.GetProperty("upstreams")[0].GetProperty("lastError").GetString()?.Contains(error, StringComparison.OrdinalIgnoreCase) == true,
            TimeSpan.FromSeconds(60),
            $"/{channel} to report \"{error}\"");
        var state = upstreams.GetProperty("upstreams")[0].GetProperty("state").GetString();
        Assert.Contains(state, new[] { "backoff", "connecting", "failed" });
        Assert.True(node.Log.Contains($"/{channel}: upstream 0"), $"no log line about /{channel}'s upstream");
        Assert.NotEqual("connected", (await node.ChannelAsync(channel)).Source());

        using var listener = await RecordingListener.ConnectAsync(node.Http("/demo"));
        await listener.WaitForBytesAsync(16_000, TimeSpan.FromSeconds(20));
    }
}
