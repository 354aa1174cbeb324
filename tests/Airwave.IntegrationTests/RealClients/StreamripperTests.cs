using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.RealClients;

/// <summary>streamripper (Debian's) records <c>/live</c> and splits it into one MP3 per title, named after the title.</summary>
[Collection("real clients")]
public sealed class StreamripperTests(RealClientNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>How long each title plays: several metadata intervals, so streamripper sees every change.</summary>
    private static readonly TimeSpan TitleLength = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Streamripper_writes_a_decodable_file_per_title_named_after_it()
    {
        var directory = fixture.NewOutputDirectory("streamripper");
        string[] titles = ["Airwave Testers - First Song", "Airwave Testers - Second Song", "Airwave Testers - Third Song"];

        // -s: no directory per stream; --xs-none: split exactly where the title changes (the tone has no silence to find).
        await using var ripper = ChildProcess.Start("streamripper", [fixture.Node.Http("/live").ToString(), "-d", directory, "-s", "-l", "300", "--xs-none"]);
        await Poll.UntilAsync(
            () => Task.FromResult(ripper.HasExited || ripper.Output.Contains("meta interval:")),
            done => done,
            Generous,
            "streamripper to connect and read the ICY head",
            () => ripper.Output.Text);
        Assert.False(ripper.HasExited, $"streamripper gave up: {ripper.Output.Text}");

        foreach (var title in titles)
        {
            await fixture.SetTitleAsync(title);
            await Task.Delay(TitleLength);
        }

        // A track is complete (moved out of incomplete/) once the next title starts: all but the last.
        var complete = titles[..^1].Select(t => Path.Combine(directory, t + ".mp3")).ToList();
        await Poll.UntilAsync(
            () => Task.FromResult(complete.All(File.Exists)),
            done => done,
            Generous,
            "streamripper's completed tracks",
            () => string.Join('\n', Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)) + "\n" + ripper.Output.Text);
        await ripper.StopAsync(TimeSpan.FromSeconds(10));

        foreach (var track in complete)
        {
            Assert.Equal("mp3", (await FfmpegProcess.ProbeAsync(track)).Codec);
            await HeardTone.AssertFileAsync(track, TitleLength.TotalSeconds / 2, RealClientNode.ToneHertz, "streamripper");
        }
    }
}
