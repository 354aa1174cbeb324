using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>The channel list in a cluster: one master reconciles (an Akka cluster singleton), and every node's admin API reaches it.</summary>
public sealed class ChannelListClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_master_reconciles_the_list_and_both_serve_its_channels()
    {
        var directory = Directory.CreateTempSubdirectory("airwave-it-list-cluster-").FullName;
        var list = Path.Combine(directory, "channels.json");
        await File.WriteAllTextAsync(list, """[ { "name": "one", "password": "pw" }, { "name": "two", "password": "pw" }, { "name": "three", "password": "pw" } ]""");
        await using var database = new ClusterDatabase();
        var config = $$"""
            airwave {
              cluster.roles = [master]
              channels-from = "file:{{list}}"
              channels-from-interval = 2s
            }
            """;
        await using var a = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = database.ShardedNodeEnvironment() });
        await using var b = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = database.ShardedNodeEnvironment() });
        try
        {
            // Both nodes answer through the singleton's proxy, once the singleton has applied the list.
            foreach (var node in new[] { a, b })
            {
                var result = await Poll.UntilAsync(
                    () => ChildProcess.RunAsync(
                        "dotnet", [RepoLayout.AirwaveDll, "channels", "reconcile", "--dry-run", "--host", $"127.0.0.1:{node.AdminPort}", "--data-dir", node.DataDirectory], Patience),
                    result => result.Output.Contains("0 changes (dry run), 3 unchanged", StringComparison.Ordinal),
                    Patience,
                    "a dry run finding the list applied");
                Assert.Equal(0, result.ExitCode);
            }

            var applied = new[] { a, b }.Count(node => node.Log.Text.Contains("channel list applied", StringComparison.Ordinal));
            Assert.Equal(1, applied);
        }
        finally
        {
            output.WriteLine(a.Log.Text);
            output.WriteLine(b.Log.Text);
            Directory.Delete(directory, recursive: true);
        }
    }
}
