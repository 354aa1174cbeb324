using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.RealClients;

/// <summary>mpv (Debian's) plays MP3 and AAC mounts, live, rewound and as HLS, for the whole length it was asked for, and shows our titles.</summary>
[Collection("real clients")]
public sealed class MpvTests(RealClientNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output)
{
    private const int Seconds = 10;

    [Theory]
    [InlineData("/live")]
    [InlineData("/live?offset=20")]
    [InlineData("/aac")]
    [InlineData("/aac?offset=20")]
    [InlineData("/live.m3u8")]
    [InlineData("/aac.m3u8")]
    public async Task Mpv_plays_the_stream_for_as_long_as_asked_without_errors(string pathAndQuery)
    {
        await fixture.Node.WaitForSourceAudioAsync(pathAndQuery.StartsWith("/aac", StringComparison.Ordinal) ? "aac" : "live", 25, TimeSpan.FromSeconds(60));
        var wav = Path.Combine(fixture.NewOutputDirectory("mpv"), "heard.wav");

        var played = await ChildProcess.RunAsync(
            "mpv",
            ["--no-config", "--no-terminal", "--ytdl=no", "--no-video", "--ao=pcm", "--ao-pcm-file=" + wav, $"--length={Seconds}", "--log-file=" + wav + ".log",
                fixture.Node.Http(pathAndQuery).ToString()],
            TimeSpan.FromSeconds(90));

        var log = File.Exists(wav + ".log") ? await File.ReadAllTextAsync(wav + ".log") : "";
        Assert.True(played.ExitCode == 0, $"mpv exited {played.ExitCode}: {played.Output}\n{log}");
        Assert.DoesNotContain(log.Split('\n'), line => line.Contains("][e][", StringComparison.Ordinal));
        await HeardTone.AssertFileAsync(wav, Seconds - 0.5, RealClientNode.ToneOf(pathAndQuery), "mpv");
    }

    [Fact]
    public async Task Mpv_shows_the_title_set_through_admin_metadata()
    {
        var title = "Airwave Testers - Über mpv " + Guid.NewGuid().ToString("N")[..8];
        await fixture.SetTitleAsync(title);
        var log = Path.Combine(fixture.NewOutputDirectory("mpv"), "mpv.log");

        var played = await ChildProcess.RunAsync(
            "mpv",
            ["--no-config", "--no-terminal", "--ytdl=no", "--no-video", "--ao=null", "--length=4", "--log-file=" + log, fixture.Node.Http("/live").ToString()],
            TimeSpan.FromSeconds(90));

        var said = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
        Assert.True(played.ExitCode == 0, $"mpv exited {played.ExitCode}: {played.Output}\n{said}");
        Assert.Contains("icy-title: " + title, said, StringComparison.Ordinal);
    }
}
