using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>A listener of a mount without a source hears its fallback mount and counts as the mount's listener.</summary>
public sealed class FallbackTests(FallbackNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<FallbackNode>
{
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Listener_of_live_before_any_source_hears_the_demo_and_is_listed()
    {
        await node.WaitForSourceAudioAsync("demo", 1);
        Assert.Equal("never", (await node.ChannelAsync("live")).Source());

        using var listener = await RecordingListener.ConnectAsync(node.Http("/live"));
        await listener.WaitForBytesAsync(16 * 1024, TimeSpan.FromSeconds(30));

        var live = await node.WaitForChannelAsync("live", c => c.Listeners() == 1, "the fallback listener is counted on /live");
        Assert.Equal("/demo", live.GetProperty("fallbackMount").GetString());
        var sessions = await node.GetAdminJsonAsync("api/sessions");
        Assert.Contains(sessions.EnumerateArray(), s => s.GetProperty("channel").GetString() == "live");
    }

    [Fact]
    public async Task Fallback_audio_decodes_as_mp3()
    {
        var file = Path.Combine(node.RootDirectory, "fallback.mp3");

        var recorded = await FfmpegProcess.RecordAsync(node.Http("/live"), 3, file, TimeSpan.FromSeconds(60));

        Assert.True(recorded.ExitCode == 0, $"the ffmpeg listener failed: {recorded.Output}");
        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        Assert.Equal("mp3", (await FfmpegProcess.ProbeAsync(file)).Codec);
    }
}
