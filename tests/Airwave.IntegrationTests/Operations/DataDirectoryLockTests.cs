using System.Globalization;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>One node per data directory: a second one is refused before it touches the first one's data, and a crash leaves no stale lock.</summary>
public sealed class DataDirectoryLockTests(ITestOutputHelper output) : NodePerTest(output)
{
    // Dumps only at shutdown while the test looks, so the running node never rewrites them under the comparison.
    private const string Config = """
        airwave {
          channels {
            keep { password = "pw-keep", dump-interval = 10m }
          }
        }
        """;


    private protected override NodeOptions Options { get; } = new() { Config = Config };

    [Fact]
    public async Task Second_node_on_the_same_data_dir_is_refused_in_one_line_and_the_first_keeps_running_with_its_data_untouched()
    {
        await WriteRewindDumpsAndRestartAsync();
        var before = DirectorySnapshot.Take(Path.Combine(Node.DataDirectory, "rewind"));
        var token = await File.ReadAllTextAsync(Path.Combine(Node.DataDirectory, "admin.token"));

        var second = await ServeOnce.RunAsync(Node.RootDirectory, new Dictionary<string, string>
        {
            ["AIRWAVE__DATA_DIR"] = Node.DataDirectory,
            ["AIRWAVE__HTTP__BIND"] = "127.0.0.1",
            ["AIRWAVE__HTTP__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE__ADMIN__PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        });

        Assert.True(second.ExitCode == 1, $"exit {second.ExitCode}: {second.Output}");
        var line = Assert.Single(second.Lines());
        Assert.Contains($"the data directory {Node.DataDirectory} is in use by another node", line, StringComparison.Ordinal);
        Assert.Contains($"pid {Node.Pid!.Value.ToString(CultureInfo.InvariantCulture)}", line, StringComparison.Ordinal);
        Assert.True(Node.IsRunning, "the first node stopped");
        var restored = await Node.ChannelAsync("keep");
        Assert.True(restored.BufferSeconds() > 0, $"the first node lost its restored rewind: {restored}");
        Assert.Equal("", DirectorySnapshot.Take(Path.Combine(Node.DataDirectory, "rewind")).DifferencesFrom(before));
        Assert.Equal(token, await File.ReadAllTextAsync(Path.Combine(Node.DataDirectory, "admin.token")));
    }

    [Fact]
    public async Task Node_killed_with_sigkill_starts_again_on_the_same_data_dir()
    {
        await Node.KillAsync();

        await Node.StartAsync();

        Assert.True(Node.IsRunning, "the node did not start again after SIGKILL");
        Assert.Contains($"data in {Node.DataDirectory}", Node.Log.Text, StringComparison.Ordinal);
    }

    /// <summary>Pushes a source, stops the node (it writes its dumps) and starts it again (it restores them).</summary>
    private async Task WriteRewindDumpsAndRestartAsync()
    {
        await using (var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw-keep@127.0.0.1:{Node.HttpPort}/keep", "audio/mpeg", "mp3", Node.Log))
        {
            await Node.WaitForSourceAudioAsync("keep", 4);
            Assert.Equal(0, await Node.StopAsync(TimeSpan.FromSeconds(45)));
        }

        Assert.True(File.Exists(Path.Combine(Node.DataDirectory, "rewind", "keep.dump")), "no rewind dump was written at shutdown");
        await Node.StartAsync();
    }
}
