using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>The rewind buffer and the sequence numbers survive a graceful restart.</summary>
public sealed class RewindRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Config = """
        airwave {
          channels {
            keep { password = "pw-keep" }
          }
        }
        """;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);
    private NodeProcess? node;

    private NodeProcess Node => node ?? throw new InvalidOperationException("the node has not started");

    public async Task InitializeAsync() => node = await NodeProcess.StartAsync(new NodeOptions { Config = Config });

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            output.WriteLine(node.Log.Text);
            await node.DisposeAsync();
        }
    }

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
}
