using System.Text.RegularExpressions;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// docs/cluster.md's quickstart runs as written on one machine: its config file and commands, taken from the document,
/// start four nodes that form one cluster any node's CLI can show, and a source pushed to a master is heard on a slave.
/// Only the database is the suite's (its connection string in place of the example's, and a schema of its own).
/// </summary>
public sealed partial class ClusterQuickstartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Quickstart_forms_a_four_node_cluster_that_relays_a_pushed_show_to_a_slave()
    {
        var doc = QuickstartDocument.Cluster;
        await using var database = new ClusterDatabase();
        var directory = Directory.CreateTempSubdirectory("airwave-quickstart-");
        ChildProcess? nodes = null;
        ChildProcess? source = null;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "cluster.conf"), doc.Block("cluster.conf"));
            Directory.CreateDirectory(Path.Combine(directory.FullName, "bin"));
            var airwave = Path.Combine(directory.FullName, "bin", "airwave");
            await File.WriteAllTextAsync(airwave, $"#!/bin/sh\nexec dotnet '{RepoLayout.AirwaveDll}' \"$@\"\n");
            Assert.Equal(0, (await ChildProcess.RunAsync("chmod", ["+x", airwave], CliTimeout)).ExitCode);
            File.CreateSymbolicLink(Path.Combine(directory.FullName, "show.mp3"), RepoLayout.Fixture("tone-128k-44100-stereo.mp3"));

            // The start block as written, but with the suite's database; then the variables it made are kept for the
            // later blocks, and a SIGTERM stops the nodes gracefully, as `kill %1 ...` would.
            var start = DatabaseLine().Replace(doc.Block("start"), $"export AIRWAVE_DB=\"{database.ConnectionString}\"");
            var script = "set -e\n" + start +
                "declare -p AIRWAVE_DB AIRWAVE_SECRET AIRWAVE_ADMIN_TOKEN SOURCE_PASSWORD > env.sh\n" +
                "trap 'kill $(jobs -p) 2>/dev/null; wait' TERM INT\nwait\n";
            nodes = ChildProcess.Start("bash", ["-c", script], directory.FullName, new Dictionary<string, string>
            {
                ["AIRWAVE__CLUSTER__SCHEMA"] = database.Schema,
            });
            string NodeLogs() => string.Join('\n', Enumerable.Range(1, 4).Select(n => Path.Combine(directory.FullName, $"node{n}.log"))
                .Where(File.Exists).Select(f => $"--- {Path.GetFileName(f)}:\n{string.Join('\n', File.ReadLines(f).TakeLast(30))}")) + "\n--- shell:\n" + nodes.Output.Text;

            var check = doc.Lines("check");
            await Poll.UntilAsync(
                () => BlockLineAsync(directory.FullName, check[0]),
                shown => Regex.Count(shown, @"\| up \| \|") == 4,
                Patience,
                "cluster show to list four Up members",
                NodeLogs);
            await Poll.UntilAsync(
                () => BlockLineAsync(directory.FullName, check[1]),
                stats => stats.Contains("Count: 2 regions", StringComparison.Ordinal) && Regex.Count(stats, @"akka\.tcp://airwave@127\.0\.0\.1:811[12] \| shards: \d+ \| entities: \d+") == 2,
                Patience,
                "region-stats to list two masters",
                NodeLogs);

            var listen = doc.Lines("listen");
            source = ChildProcess.Start("bash", ["-c", $"source env.sh && exec {listen[0].TrimEnd('&').TrimEnd()}"], directory.FullName);
            var slave = new Uri(Assert.Single(Regex.Matches(listen[1], @"^ffplay (\S+)$")).Groups[1].Value);
            var recording = Path.Combine(directory.FullName, "heard.mp3");
            var recorded = await FfmpegProcess.RecordAsync(slave, 4, recording, Patience);
            Assert.True(recorded.ExitCode == 0, $"listening on the slave failed: {recorded.Output}\nsource: {source.Output.Text}\n{NodeLogs()}");
            Assert.Equal("mp3", (await FfmpegProcess.ProbeAsync(recording)).Codec);
            Assert.Equal("", await FfmpegProcess.DecodeErrorsAsync(recording));
            output.WriteLine(NodeLogs());
        }
        finally
        {
            if (source is not null)
            {
                await source.DisposeAsync();
            }

            if (nodes is not null)
            {
                await nodes.StopAsync(TimeSpan.FromSeconds(60));
                await nodes.DisposeAsync();
            }

            directory.Delete(recursive: true);
        }
    }

    /// <summary>Runs one line of a quickstart block in the quickstart's directory with the variables the start block exported.</summary>
    private static async Task<string> BlockLineAsync(string directory, string line)
    {
        var result = await ChildProcess.RunAsync("bash", ["-c", "source env.sh && " + line], CliTimeout, directory);
        return $"exit {result.ExitCode}: {result.Output}";
    }

    [GeneratedRegex("^export AIRWAVE_DB=\"[^\"]*\"", RegexOptions.Multiline)]
    private static partial Regex DatabaseLine();
}
