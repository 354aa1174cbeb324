using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>How the <c>channels</c> region's shards are spread over the masters, as a node reads Akka's sharding stats.</summary>
internal static class ShardSpread
{
    /// <summary>How long a balanced spread must hold before a test relies on it (a rebalance round is 1 s in these clusters).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    /// <summary>Shards and entities per region, by the master's Akka address, from <c>GET /api/sharding/region-stats</c>.</summary>
    public static async Task<Dictionary<string, (int Shards, int Entities)>> ReadAsync(NodeProcess node) =>
        (await node.GetAdminJsonAsync("api/sharding/region-stats")).EnumerateArray().ToDictionary(
            r => r.GetProperty("node").GetString()!, r => (r.GetProperty("shards").GetInt32(), r.GetProperty("entities").GetInt32()));

    /// <summary>
    /// Waits until every one of <paramref name="masters"/> hosts a region, at least <paramref name="channels"/> channels have
    /// entities, the masters' shard counts differ by at most one, and that has held for a few seconds: no channel moves
    /// under a test that does not want it to.
    /// </summary>
    public static async Task WaitForBalanceAsync(NodeProcess observer, IReadOnlyCollection<NodeProcess> masters, int channels, TimeSpan patience, Func<string> logs)
    {
        var deadline = DateTime.UtcNow + patience;
        string? last = null;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var spread = await ReadAsync(observer);
            var shards = masters.Select(m => spread.GetValueOrDefault(m.AkkaAddress).Shards).ToList();
            var balanced = spread.Count == masters.Count && shards.All(s => s > 0) && shards.Max() - shards.Min() <= 1 && spread.Values.Sum(r => r.Entities) >= channels;
            var reading = string.Join(", ", spread.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {r.Value.Shards} shards, {r.Value.Entities} entities"));
            if (!balanced || reading != last)
            {
                last = balanced ? reading : null;
                since = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - since >= Settle)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"waited {patience.TotalSeconds} s for {channels} channels spread over {masters.Count} masters; last: {last}\n{logs()}");
    }
}
