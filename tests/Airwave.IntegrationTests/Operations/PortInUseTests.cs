using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>
/// A node whose listener or admin port is taken says so in one line and exits 1 before it touches its data directory:
/// nothing restored, rewritten or created there (it used to restore and rewrite the rewind dumps first).
/// </summary>
public sealed class PortInUseTests(ITestOutputHelper output) : NodePerTest(output)
{
    private const string Config = """
        airwave {
          channels {
            keep { password = "pw-keep" }
          }
        }
        """;


    private protected override NodeOptions Options { get; } = new() { Config = Config };

    [Theory]
    [InlineData("http", "listeners and sources")]
    [InlineData("admin", "admin API")]
    public async Task Taken_port_refuses_start_in_one_line_without_touching_the_data_dir(string taken, string purpose)
    {
        await using (var source = FfmpegProcess.PushSource(Fixtures.Mp3Stereo128, $"icecast://source:pw-keep@127.0.0.1:{Node.HttpPort}/keep", "audio/mpeg", "mp3", Node.Log))
        {
            await Node.WaitForSourceAudioAsync("keep", 4);
            Assert.Equal(0, await Node.StopAsync(TimeSpan.FromSeconds(45)));
        }

        Assert.True(File.Exists(Path.Combine(Node.DataDirectory, "rewind", "keep.dump")), "no rewind dump was written at shutdown");
        // The lock file is the one thing a start writes before it binds: it is how a node claims the directory.
        var before = DirectorySnapshot.Take(Node.DataDirectory, file => file == "airwave.lock");
        var port = taken == "http" ? Node.HttpPort : Node.AdminPort;
        var holder = new TcpListener(IPAddress.Loopback, port);
        holder.Start();
        try
        {
            var result = await ServeOnce.RunAsync(Node.RootDirectory, new Dictionary<string, string>
            {
                ["AIRWAVE__DATA_DIR"] = Node.DataDirectory,
                ["AIRWAVE__HTTP__BIND"] = "127.0.0.1",
                ["AIRWAVE__HTTP__PORT"] = Node.HttpPort.ToString(CultureInfo.InvariantCulture),
                ["AIRWAVE__ADMIN__PORT"] = Node.AdminPort.ToString(CultureInfo.InvariantCulture),
            }, Node.ConfigFile);

            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Output}");
            var line = Assert.Single(result.Lines());
            Assert.Contains($"cannot listen on 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)} (airwave.{taken}: {purpose})", line, StringComparison.Ordinal);
            Assert.Contains($"held by pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}", line, StringComparison.Ordinal);
            Assert.Equal("", DirectorySnapshot.Take(Node.DataDirectory, file => file == "airwave.lock").DifferencesFrom(before));
        }
        finally
        {
            holder.Stop();
        }
    }
}
