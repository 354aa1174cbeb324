using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>The rewind buffer and the sequence numbers survive a graceful restart, and a crash loses no archived audio.</summary>
public sealed class RewindRestartTests(ITestOutputHelper output) : NodePerTest(output)
{
    private const string Config = """
        airwave {
          channels {
            keep { password = "pw-keep" }
            # Dumped only at a clean stop within these tests: after a kill -9 the audio since then is only in the archive.
            crash { password = "pw-crash", dump-interval = 10m }
          }
        }
        """;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    /// <summary>How far from the asked instant a time-shifted listener may start: a chunk, plus the offset's whole seconds and the request's way.</summary>
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(4);

    /// <summary>The newest audio a kill may lose: the open HLS segment (6 s) that was never archived, plus the archive writer's lag.</summary>
    private static readonly TimeSpan Unarchived = TimeSpan.FromSeconds(12);

    private protected override NodeOptions Options { get; } = new() { Config = Config };

    [Fact]
    public async Task Buffer_and_sequence_numbers_survive_a_sigterm_restart()
    {
        var url = $"icecast://source:pw-keep@127.0.0.1:{Node.HttpPort}/keep";
        long lastSeqBefore;
        await using (var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, url, "audio/mpeg", "mp3", Node.Log))
        {
            lastSeqBefore = (await Node.WaitForSourceAudioAsync("keep", 6)).LastSeq();
            var exitCode = await Node.StopAsync(StopTimeout);
            Assert.Equal(0, exitCode);
        }

        Assert.True(File.Exists(Path.Combine(Node.DataDirectory, "rewind", "keep.dump")), "no rewind dump was written at shutdown");
        await Node.StartAsync();

        var restored = await Node.ChannelAsync("keep");
        Assert.True(restored.BufferSeconds() > 0, $"the restarted node holds no rewind: {restored}");
        Assert.True(restored.LastSeq() >= lastSeqBefore, $"lastSeq went back from {lastSeqBefore} to {restored.LastSeq()}");

        await using var next = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, url, "audio/mpeg", "mp3", Node.Log);
        var continued = await Node.WaitForChannelAsync(
            "keep", c => c.Source() == "connected" && c.LastSeq() > restored.LastSeq() + 2, "the next source's chunks follow the restored ones");
        Assert.Equal(restored.GetProperty("firstSeq").GetInt64(), continued.GetProperty("firstSeq").GetInt64());
    }

    [Fact]
    public async Task Audio_newer_than_the_dump_survives_repeated_kill_9_restarts_from_the_archive()
    {
        // One dump, at a clean stop; every later run ends with kill -9 long before the next dump is due.
        await using (var first = Push())
        {
            await Node.WaitForSourceAudioAsync("crash", 6);
            Assert.Equal(0, await Node.StopAsync(StopTimeout));
        }

        await Node.StartAsync();
        var dumped = await Node.WaitForChannelAsync("crash", c => c.BufferSeconds() > 0, "the dump restored");
        var oldest = dumped.OldestUtc();
        var runs = new List<(DateTime From, DateTime To)>();
        foreach (var seconds in new[] { 24, 18, 18 })
        {
            var (began, killed) = await RunThenKillAsync(seconds);
            runs.Add((began, killed.NewestUtc() - Unarchived));
            await Node.StartAsync();
            var restarted = await Node.ChannelAsync("crash");
            Assert.Equal(oldest, restarted.OldestUtc());
            Assert.True(restarted.NewestUtc() >= runs[^1].To, $"the restarted channel ends at {restarted.NewestUtc():O}, before the archived audio of the last run ({runs[^1].To:O})");
            Assert.True(
                MediaSequence(restarted) > MediaSequence(killed),
                $"HLS media sequence went from {MediaSequence(killed)} before the kill to {MediaSequence(restarted)} after the restart");
            foreach (var (from, to) in runs)
            {
                await AssertPlaysFromAsync(from + ((to - from) / 2));
            }
        }
    }

    private ChildProcess Push() =>
        FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw-crash@127.0.0.1:{Node.HttpPort}/crash", "audio/mpeg", "mp3", Node.Log, loop: true);

    private static long MediaSequence(JsonElement channel) => channel.GetProperty("hlsMediaSequence").GetInt64();

    /// <summary>Pushes a source for <paramref name="seconds"/> of audio and kills the node with SIGKILL; returns where the run's audio began and the channel just before the kill.</summary>
    private async Task<(DateTime From, JsonElement Killed)> RunThenKillAsync(int seconds)
    {
        var before = (await Node.ChannelAsync("crash")).LastSeq();
        await using var source = Push();
        var connected = await Node.WaitForChannelAsync("crash", c => c.Source() == "connected" && c.LastSeq() > before, "the source's first chunks");
        var from = connected.NewestUtc();
        var last = await Node.WaitForChannelAsync(
            "crash", c => c.NewestUtc() >= from.AddSeconds(seconds), $"{seconds}s of the source", TimeSpan.FromSeconds(seconds) + ChannelWaits.Generous);
        await Node.KillAsync();
        return (from, last);
    }

    /// <summary>A listener asking for <paramref name="target"/> by <c>?offset=</c> is told playback starts there, and gets audio.</summary>
    private async Task AssertPlaysFromAsync(DateTime target)
    {
        var offset = (long)Math.Round((DateTime.UtcNow - target).TotalSeconds);
        using var listener = await RawListenerClient.GetAsync(Node.HttpPort, $"/crash?offset={offset}");
        Assert.Equal(200, listener.Status);
        var start = DateTime.Parse(listener.Headers["X-Airwave-Playback-Start"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.True(
            (start - target).Duration() <= StartTolerance,
            $"?offset={offset} asked for {target:O} and starts at {start:O}: the rewind buffer lost the audio in between");
        await listener.WaitForBytesAsync(16_000, ChannelWaits.Generous);
    }
}
