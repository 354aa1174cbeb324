using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>ffmpeg as a real Icecast source (PUT and legacy SOURCE) and as a real listener; ffprobe decodes what the node served.</summary>
public sealed class IcecastSourceTests(SourcePushNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<SourcePushNode>
{
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(90);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task Mp3_pushed_with_put_reaches_a_listener_as_decodable_mp3()
    {
        await using var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw-mp3@127.0.0.1:{node.HttpPort}/mp3", "audio/mpeg", "mp3", node.Log);
        await node.WaitForSourceAudioAsync("mp3", 1);

        var probe = await RecordAndProbeAsync("/mp3", "put.mp3");

        Assert.Equal("mp3", probe.Codec);
        Assert.Equal(44100, probe.SampleRate);
        Assert.Equal(2, probe.Channels);
        Assert.InRange(probe.DurationSeconds, 7.0, 9.0);
    }

    [Fact]
    public async Task Mp3_pushed_with_legacy_source_method_reaches_a_listener_as_decodable_mp3()
    {
        await using var source = FfmpegProcess.PushSource(
            Fixtures.Mp3Stereo128, $"icecast://source:pw-legacy@127.0.0.1:{node.HttpPort}/legacy", "audio/mpeg", "mp3", node.Log, ["-legacy_icecast", "1"]);
        await node.WaitForSourceAudioAsync("legacy", 1);

        var probe = await RecordAndProbeAsync("/legacy", "legacy.mp3");

        Assert.Equal("mp3", probe.Codec);
        Assert.InRange(probe.DurationSeconds, 7.0, 9.0);
    }

    [Fact]
    public async Task Aac_pushed_as_adts_reaches_a_listener_as_decodable_aac()
    {
        await using var source = FfmpegProcess.PushSource(Fixtures.AacStereo64, $"icecast://source:pw-aac@127.0.0.1:{node.HttpPort}/aac", "audio/aac", "adts", node.Log);
        var channel = await node.WaitForSourceAudioAsync("aac", 1);
        Assert.Equal("audio/aac", channel.GetProperty("contentType").GetString());

        var probe = await RecordAndProbeAsync("/aac", "aac.aac");

        Assert.Equal("aac", probe.Codec);
        Assert.Equal(48000, probe.SampleRate);
        Assert.Equal(2, probe.Channels);
        Assert.InRange(probe.DurationSeconds, 7.0, 9.0);
    }

    private async Task<ProbeResult> RecordAndProbeAsync(string mount, string fileName)
    {
        var file = Path.Combine(node.RootDirectory, fileName);
        var recorded = await FfmpegProcess.RecordAsync(node.Http(mount), 8, file, RecordTimeout);
        Assert.True(recorded.ExitCode == 0, $"the ffmpeg listener failed: {recorded.Output}");

        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.True(probe.Codec is not null, $"ffprobe found no audio stream: {probe.Raw}");
        return probe;
    }
}
