using System.Text.Json;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>
/// Two real masters split the channels' entities (Akka's least-shard allocation); one frozen past its shard leases loses
/// them all to the other and, resumed, finds its leases taken, is downed and exits without ever holding a shard the
/// other holds. <c>cluster-sharding region-stats</c> prints the truth at each step.
/// </summary>
public sealed class ShardLeaseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Channels = ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"];

    [Fact]
    public async Task Two_masters_split_the_channels_and_a_frozen_one_gives_them_up()
    {
        await using var database = new ClusterDatabase();
        var environment = database.ShardedNodeEnvironment();
        var config = "airwave.cluster.roles = [master]\nairwave.channels {\n" + string.Concat(Channels.Select(c => $"  {c} {{ }}\n")) + "}\n";
        await using var a = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = environment });
        await using var b = await NodeProcess.StartAsync(new NodeOptions { Config = config, Environment = environment });
        try
        {
            var addressOfA = await SelfAsync(a);
            var addressOfB = await SelfAsync(b);
            await Poll.UntilAsync(() => OwnedAsync(a), owned => owned.GetValueOrDefault(addressOfA)?.Entities >= 1 && owned.GetValueOrDefault(addressOfB)?.Entities >= 1
                && owned.Values.Sum(r => r.Entities) == Channels.Length, Patience, "both masters running channels, every channel once", () => a.Log.Since(0, 40));
            // The allocation may still move a shard after the first complete answer (an entity is briefly on neither node
            // while it moves), so the CLI is asked until it shows the same whole split.
            await Poll.UntilAsync(() => a.CliOutputAsync("cluster-sharding", "region-stats", "--json"), WholeSplit, Patience, "the CLI showing every channel once, on both masters");

            await b.SignalAsync("STOP");
            await Poll.UntilAsync(() => OwnedAsync(a), owned => owned.Count == 1 && owned.GetValueOrDefault(addressOfA)?.Entities == Channels.Length,
                Patience, "a running every channel", () => a.Log.Since(0, 40));
            var ofA = (await OwnedAsync(a))[addressOfA].Shards;
            await b.SignalAsync("CONT");

            // Resumed, b may still answer for a moment: it never reports a shard a holds, and it leaves.
            while (b.IsRunning && await OwnedOrGoneAsync(b) is { } view)
            {
                Assert.Empty(view.GetValueOrDefault(addressOfB)?.Shards.Intersect(ofA) ?? []);
            }

            Assert.Equal(1, await b.WaitForExitAsync(Patience));
            Assert.Contains("lease airwave-shard-channels-", b.Log.Since(0), StringComparison.Ordinal);
            var stats = JsonDocument.Parse(await a.CliOutputAsync("cluster-sharding", "region-stats", "--json")).RootElement.EnumerateArray().ToList();
            Assert.Equal(Channels.Length, Assert.Single(stats).GetProperty("entities").GetInt32());
        }
        finally
        {
            output.WriteLine("node a:\n" + a.Log.Since(0) + "\nnode b:\n" + b.Log.Since(0));
        }
    }

    private static bool WholeSplit(string regionStats)
    {
        var split = JsonDocument.Parse(regionStats).RootElement.EnumerateArray().ToList();
        return split.Count == 2 && split.Sum(r => r.GetProperty("entities").GetInt32()) == Channels.Length && split.All(r => r.GetProperty("shards").GetInt32() >= 1);
    }

    private static async Task<string> SelfAsync(NodeProcess node) => (await node.GetAdminJsonAsync("api/cluster/members")).GetProperty("self").GetString()!;

    /// <summary>Every region's shards and entities, by node address, as <paramref name="node"/> reads them from Akka's sharding.</summary>
    private static async Task<Dictionary<string, Region>> OwnedAsync(NodeProcess node)
    {
        var regions = await node.GetAdminJsonAsync("api/sharding/region-stats");
        return regions.EnumerateArray().ToDictionary(
            r => r.GetProperty("node").GetString()!,
            r => new Region([.. r.GetProperty("shardIds").EnumerateArray().Select(s => s.GetInt32())], r.GetProperty("entities").GetInt32()));
    }

    private static async Task<Dictionary<string, Region>?> OwnedOrGoneAsync(NodeProcess node)
    {
        try
        {
            return await OwnedAsync(node);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    private sealed record Region(List<int> Shards, int Entities);
}
