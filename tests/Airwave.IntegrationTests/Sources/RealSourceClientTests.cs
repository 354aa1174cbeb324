using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Sources;

/// <summary>
/// Source clients nobody here wrote, as Debian ships them: liquidsoap (PUT, chunked PUT, SOURCE), GStreamer's
/// shout2send and ices2 (both libshout, which asks without credentials first). What they push must reach a listener
/// as decodable MP3, libshout's first try must not be logged as a wrong password, and ices2's Ogg is refused with
/// the reason in the node's log.
/// </summary>
public sealed class RealSourceClientTests(SourceClientNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<SourceClientNode>
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(90);
    private readonly NodeProcess node = fixture.Node;

    [Theory]
    [InlineData("lq-put", "put", false)]
    [InlineData("lq-chunked", "put", true)]
    [InlineData("lq-source", "source", false)]
    public async Task Liquidsoap_output_icecast_mp3_reaches_a_listener_as_decodable_mp3(string channel, string method, bool chunked)
    {
        await using var source = LiquidsoapSource.Start(node.RootDirectory, node.HttpPort, "/" + channel, "pw-lq", method, chunked, node.Log);
        await node.WaitForSourceAudioAsync(channel, 1, ConnectTimeout);

        var probe = await RecordAndProbeAsync(channel);

        Assert.Equal("mp3", probe.Codec);
        Assert.Equal(44100, probe.SampleRate);
    }

    [Fact]
    public async Task Shout2send_is_let_in_after_asking_for_credentials_without_a_wrong_password_warning()
    {
        var mark = node.Log.Mark;
        await using var source = ShoutSendSource.Start(node.HttpPort, "/shout", "pw-shout", node.Log);
        await node.WaitForSourceAudioAsync("shout", 1, ConnectTimeout);

        var probe = await RecordAndProbeAsync("shout");

        Assert.Equal("mp3", probe.Codec);
        Assert.DoesNotContain("refused on /shout", node.Log.Since(mark), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ices2_sending_ogg_is_refused_with_a_reason_naming_ogg_logged_once()
    {
        var mark = node.Log.Mark;

        var ices2 = await Ices2Source.RunAsync(node.RootDirectory, Fixtures.Mp3Mono32, node.HttpPort, "/ices", "pw-ices", ConnectTimeout);

        // ices2 reports every refusal as libshout's "Login failed"; only the node can say why.
        Assert.Contains("Failed initial connect", ices2.Output, StringComparison.Ordinal);
        const string Reason = "refused on /ices: Content-type not supported: Ogg (application/ogg) is not supported yet; send MP3 (audio/mpeg) or AAC in ADTS (audio/aac)";
        await Poll.UntilAsync(() => Task.FromResult(node.Log.Since(mark)), log => log.Contains(Reason, StringComparison.Ordinal), ConnectTimeout, "the Ogg refusal in the node's log");
        var refusals = node.Log.Since(mark).Split('\n').Where(line => line.Contains("refused on /ices", StringComparison.Ordinal)).ToList();
        Assert.Single(refusals);
        Assert.Equal("never", (await node.ChannelAsync("ices")).Source());
    }

    private async Task<ProbeResult> RecordAndProbeAsync(string channel)
    {
        var file = Path.Combine(node.RootDirectory, channel + ".mp3");
        var recorded = await FfmpegProcess.RecordAsync(node.Http("/" + channel), 6, file, RecordTimeout);
        Assert.True(recorded.ExitCode == 0, $"the ffmpeg listener failed: {recorded.Output}");

        Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(file));
        var probe = await FfmpegProcess.ProbeAsync(file);
        Assert.True(probe.Codec is not null, $"ffprobe found no audio stream: {probe.Raw}");
        return probe;
    }
}
