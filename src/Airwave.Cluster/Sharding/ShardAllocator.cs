namespace Airwave.Cluster.Sharding;

/// <summary>
/// Akka's least-shard allocation as a pure function: free shards go to the least-loaded master; when no shard is free,
/// shards move from the most to the least loaded master, at most the relative limit of all shards per round. A shard
/// is free when its lease is released, or expired and its owner is not among <c>masters</c> (the Up, reachable ones):
/// a live master whose lease expired could not reach the database to renew it, and keeps the shard until it is seen
/// unreachable or leaves.
/// </summary>
public static class ShardAllocator
{
    public static ShardPlan Plan(IReadOnlyList<ShardOwnerId> masters, IReadOnlyList<ShardLease> leases, int numberOfShards, double relativeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfShards, 1);
        if (masters.Count == 0)
        {
            return new ShardPlan(new Dictionary<int, ShardOwnerId>(), []);
        }

        var loads = masters.Distinct().ToDictionary(m => m, _ => new SortedSet<int>());
        var taken = new HashSet<int>();
        foreach (var lease in leases.Where(l => (l.Live || (!l.Released && loads.ContainsKey(l.Owner))) && l.ShardId >= 0 && l.ShardId < numberOfShards))
        {
            taken.Add(lease.ShardId);
            if (loads.TryGetValue(lease.Owner, out var owned))
            {
                owned.Add(lease.ShardId);
            }
        }

        var allocations = new Dictionary<int, ShardOwnerId>();
        for (var shard = 0; shard < numberOfShards; shard++)
        {
            if (!taken.Contains(shard))
            {
                var least = LeastLoaded(loads);
                loads[least].Add(shard);
                allocations[shard] = least;
            }
        }

        return new ShardPlan(allocations, allocations.Count > 0 ? [] : Rebalance(loads, MaxMoves(numberOfShards, relativeLimit)));
    }

    /// <summary>The most shards one rebalance round may move: the relative limit of all shards, at least one.</summary>
    public static int MaxMoves(int numberOfShards, double relativeLimit) => Math.Max(1, (int)(numberOfShards * relativeLimit));

    private static List<ShardMove> Rebalance(Dictionary<ShardOwnerId, SortedSet<int>> loads, int maxMoves)
    {
        var moves = new List<ShardMove>();
        while (moves.Count < maxMoves)
        {
            var least = LeastLoaded(loads);
            var most = Ordered(loads).Last();
            if (loads[most].Count - loads[least].Count <= 1)
            {
                break;
            }

            var shard = loads[most].Max;
            loads[most].Remove(shard);
            loads[least].Add(shard);
            moves.Add(new ShardMove(shard, most, least));
        }

        return moves;
    }

    private static ShardOwnerId LeastLoaded(Dictionary<ShardOwnerId, SortedSet<int>> loads) => Ordered(loads).First();

    private static IEnumerable<ShardOwnerId> Ordered(Dictionary<ShardOwnerId, SortedSet<int>> loads) =>
        loads.OrderBy(l => l.Value.Count).ThenBy(l => l.Key.Address, StringComparer.Ordinal).ThenBy(l => l.Key.Incarnation).Select(l => l.Key);
}
