using System.Globalization;
using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>Two real masters share the shards; one frozen past its lease loses them all to the other and, resumed, gives up without ever overlapping.</summary>
public sealed class ShardLeaseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_masters_split_the_shards_and_a_frozen_one_gives_them_up()
    {
        await using var database = new ClusterDatabase();
        var environment = database.ShardedNodeEnvironment();
        await using var a = await NodeProcess.StartAsync(new NodeOptions { Environment = environment });
        await using var b = await NodeProcess.StartAsync(new NodeOptions { Environment = environment });
        try
        {
            var addressOfA = await SelfAsync(a);
            var addressOfB = await SelfAsync(b);
            await Poll.UntilAsync(() => OwnedAsync(a), owned => owned.GetValueOrDefault(addressOfA)?.Count == 50 && owned.GetValueOrDefault(addressOfB)?.Count == 50,
                Patience, "a 50/50 split", () => a.Log.Since(0, 40));
            var split = JsonDocument.Parse(await CliAsync(a, "cluster-sharding", "region-stats", "--json")).RootElement.EnumerateArray().ToList();
            Assert.Equal([50, 50], split.Select(r => r.GetProperty("shards").GetInt32()));

            await b.SignalAsync("STOP");
            await Poll.UntilAsync(() => OwnedAsync(a), owned => owned.GetValueOrDefault(addressOfA)?.Count == 100, Patience, "a owning every shard", () => a.Log.Since(0, 40));
            await b.SignalAsync("CONT");

            var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < until)
            {
                var before = (await OwnedAsync(a))[addressOfA];
                var ofB = (await OwnedAsync(b))[addressOfB];
                var after = (await OwnedAsync(a))[addressOfA];
                Assert.Empty(ofB.Intersect(before).Intersect(after));
            }

            Assert.Contains("gave up", b.Log.Since(0), StringComparison.Ordinal);
            var stats = JsonDocument.Parse(await CliAsync(b, "cluster-sharding", "region-stats", "--json")).RootElement.EnumerateArray().ToList();
            Assert.Equal(100, stats.Sum(r => r.GetProperty("shards").GetInt32()));
        }
        finally
        {
            output.WriteLine("node a:\n" + a.Log.Since(0) + "\nnode b:\n" + b.Log.Since(0));
        }
    }

    private static async Task<string> SelfAsync(NodeProcess node) => (await node.GetAdminJsonAsync("api/cluster/members")).GetProperty("self").GetString()!;

    /// <summary>Each node's own region line: the shards it reports owning itself, by node address.</summary>
    private static async Task<Dictionary<string, List<int>>> OwnedAsync(NodeProcess node)
    {
        var regions = await node.GetAdminJsonAsync("api/sharding/region-stats");
        return regions.EnumerateArray().ToDictionary(
            r => r.GetProperty("node").GetString()!,
            r => r.GetProperty("shardIds").EnumerateArray().Select(s => s.GetInt32()).ToList());
    }

    private static async Task<string> CliAsync(NodeProcess node, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync(
            "dotnet", [RepoLayout.AirwaveDll, .. arguments, "--host", "127.0.0.1:" + node.AdminPort.ToString(CultureInfo.InvariantCulture), "--data-dir", node.DataDirectory], CliTimeout);
        Assert.True(result.ExitCode == 0, $"airwave {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
        return result.Output;
    }
}
