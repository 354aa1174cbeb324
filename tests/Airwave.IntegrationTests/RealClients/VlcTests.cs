using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.RealClients;

/// <summary>VLC (Debian's <c>cvlc</c>) plays MP3 and AAC mounts, raw and as HLS, into a WAV file.</summary>
[Collection("real clients")]
public sealed class VlcTests(RealClientNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output)
{
    private const int Seconds = 10;

    /// <summary>What VLC's file output writes per second: 16-bit stereo at 44.1 kHz or more.</summary>
    private const int WavBytesPerSecond = 44_100 * 2 * 2;

    [Theory]
    [InlineData("/live")]
    [InlineData("/aac")]
    [InlineData("/live.m3u8")]
    [InlineData("/aac.m3u8")]
    public async Task Vlc_plays_the_stream_without_errors(string pathAndQuery)
    {
        await fixture.Node.WaitForSourceAudioAsync(pathAndQuery.StartsWith("/aac", StringComparison.Ordinal) ? "aac" : "live", 20, TimeSpan.FromSeconds(60));
        var wav = Path.Combine(fixture.NewOutputDirectory("vlc"), "heard.wav");

        // No --run-time: VLC counts it in stream time, which for a live HLS window starts near its end, so it would stop at
        // once. It plays until the WAV holds enough, then SIGTERM ends it cleanly (the WAV header is finished).
        string[] vlc = ["cvlc", "-I", "dummy", "--no-dbus", "--verbose=0", "--no-video", "--aout=afile", "--audiofile-file=" + wav, fixture.Node.Http(pathAndQuery).ToString()];
        await using var player = Environment.UserName == "root"
            ? ChildProcess.Start("runuser", ["-u", "nobody", "--", .. vlc]) // VLC refuses to run as root; the output directory is writable by anyone.
            : ChildProcess.Start(vlc[0], vlc[1..]);
        await Poll.UntilAsync(
            () => Task.FromResult(player.HasExited || (File.Exists(wav) && new FileInfo(wav).Length >= Seconds * WavBytesPerSecond)),
            done => done,
            TimeSpan.FromSeconds(90),
            $"{Seconds}s of audio out of vlc",
            () => player.Output.Text);
        if (player.HasExited)
        {
            Assert.Fail($"vlc ended early ({player.ExitCode}): {player.Output.Text}");
        }

        await player.StopAsync(TimeSpan.FromSeconds(15));

        // VLC reports what it could not open or decode only in its messages.
        Assert.DoesNotContain(player.Output.Text.Split('\n'), line => line.Contains(" input error", StringComparison.Ordinal)
            || line.Contains(" stream error", StringComparison.Ordinal) || line.Contains(" decoder error", StringComparison.Ordinal)
            || line.Contains(" demux error", StringComparison.Ordinal));
        await HeardTone.AssertFileAsync(wav, Seconds - 1, RealClientNode.ToneOf(pathAndQuery), "vlc");
    }
}
