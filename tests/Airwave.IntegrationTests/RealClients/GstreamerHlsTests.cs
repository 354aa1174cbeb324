using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.RealClients;

/// <summary>GStreamer's <c>hlsdemux</c> (Debian's gstreamer1.0-plugins-bad) reads the live playlists of MP3 and AAC mounts and decodes their segments.</summary>
[Collection("real clients")]
public sealed class GstreamerHlsTests(RealClientNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output)
{
    private const int Seconds = 15;

    [Theory]
    [InlineData("live")]
    [InlineData("aac")]
    public async Task Hlsdemux_plays_the_live_playlist_without_errors(string channel)
    {
        await fixture.Node.WaitForSourceAudioAsync(channel, 25, TimeSpan.FromSeconds(60));
        var raw = Path.Combine(fixture.NewOutputDirectory("gst"), "heard.s16le");
        var bytesWanted = Seconds * RealClientNode.SampleRate * sizeof(short);

        // A live playlist never ends: read until the file holds enough audio, then stop gst-launch.
        await using var gst = ChildProcess.Start(
            "gst-launch-1.0",
            ["souphttpsrc", $"location={fixture.Node.Http($"/{channel}.m3u8")}", "!", "hlsdemux", "!", "decodebin", "!", "audioconvert", "!", "audioresample", "!",
                $"audio/x-raw,format=S16LE,channels=1,rate={RealClientNode.SampleRate}", "!", "filesink", $"location={raw}"]);
        await Poll.UntilAsync(
            () => Task.FromResult(gst.HasExited || (File.Exists(raw) && new FileInfo(raw).Length >= bytesWanted)),
            done => done,
            TimeSpan.FromSeconds(90),
            $"{Seconds}s of audio out of hlsdemux",
            () => gst.Output.Text);
        if (gst.HasExited)
        {
            Assert.Fail($"gst-launch ended early ({gst.ExitCode}): {gst.Output.Text}");
        }

        await gst.StopAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(gst.Output.Text.Split('\n'), line => line.StartsWith("ERROR", StringComparison.Ordinal) || line.StartsWith("WARNING", StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(raw);
        var samples = new short[bytes.Length / sizeof(short)];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * sizeof(short));
        HeardTone.AssertSamples(samples, Seconds, RealClientNode.ToneOf("/" + channel), "hlsdemux");
    }
}
