using Airwave.Cluster.Sharding;

namespace Airwave.Cluster.Tests;

/// <summary>The least-shard allocation: free shards to the least loaded, rebalance from most to least loaded within the 10% limit.</summary>
public sealed class ShardAllocatorTests
{
    private static readonly ShardOwnerId A = new("a:1", Guid.NewGuid());
    private static readonly ShardOwnerId B = new("b:1", Guid.NewGuid());
    private static readonly ShardOwnerId C = new("c:1", Guid.NewGuid());

    [Fact]
    public void Free_shards_are_spread_evenly_over_the_masters()
    {
        var plan = ShardAllocator.Plan([A, B, C], [], 100, 0.1);

        Assert.Equal(100, plan.Allocations.Count);
        Assert.Equal([34, 33, 33], new[] { A, B, C }.Select(m => plan.Allocations.Values.Count(o => o == m)));
        Assert.Empty(plan.Moves);
    }

    [Fact]
    public void Free_shards_go_to_the_least_loaded_master_first()
    {
        var leases = Enumerable.Range(0, 40).Select(s => new ShardLease(s, A, 1, true)).ToList();

        var plan = ShardAllocator.Plan([A, B], leases, 100, 0.1);

        Assert.Equal(60, plan.Allocations.Count);
        Assert.Equal(50, plan.Allocations.Values.Count(o => o == B));
        Assert.Equal(10, plan.Allocations.Values.Count(o => o == A));
    }

    [Fact]
    public void Expired_leases_and_leases_of_departed_masters_are_reallocated()
    {
        var gone = new ShardOwnerId("z:1", Guid.NewGuid());
        var leases = Enumerable.Range(0, 100).Select(s => new ShardLease(s, s < 50 ? gone : A, 1, s >= 25)).ToList();

        var plan = ShardAllocator.Plan([A, B], leases, 100, 0.1);

        Assert.Equal(Enumerable.Range(0, 25), plan.Allocations.Keys.Order());
        Assert.All(plan.Allocations.Values, o => Assert.Equal(B, o));
    }

    [Fact]
    public void A_joining_master_gets_at_most_ten_percent_of_the_shards_per_round()
    {
        var leases = Enumerable.Range(0, 100).Select(s => new ShardLease(s, A, 3, true)).ToList();

        var plan = ShardAllocator.Plan([A, B], leases, 100, 0.1);

        Assert.Empty(plan.Allocations);
        Assert.Equal(10, plan.Moves.Count);
        Assert.All(plan.Moves, m => Assert.Equal((A, B), (m.From, m.To)));
        Assert.Equal(10, plan.Moves.Select(m => m.ShardId).Distinct().Count());
    }

    [Fact]
    public void Rounds_of_rebalance_converge_to_a_balance_within_one_shard()
    {
        var owners = Enumerable.Range(0, 100).ToDictionary(s => s, _ => A);
        for (var round = 0; round < 10; round++)
        {
            var plan = ShardAllocator.Plan([A, B, C], [.. owners.Select(o => new ShardLease(o.Key, o.Value, 1, true))], 100, 0.1);
            Assert.True(plan.Moves.Count <= 10);
            foreach (var move in plan.Moves)
            {
                owners[move.ShardId] = move.To;
            }
        }

        var counts = new[] { A, B, C }.Select(m => owners.Values.Count(o => o == m)).ToList();
        Assert.True(counts.Max() - counts.Min() <= 1, string.Join(",", counts));
        Assert.Empty(ShardAllocator.Plan([A, B, C], [.. owners.Select(o => new ShardLease(o.Key, o.Value, 1, true))], 100, 0.1).Moves);
    }

    [Fact]
    public void No_masters_no_plan_and_the_limit_is_at_least_one_shard()
    {
        Assert.Empty(ShardAllocator.Plan([], [], 100, 0.1).Allocations);
        Assert.Equal(1, ShardAllocator.MaxMoves(5, 0.1));
        Assert.Equal(10, ShardAllocator.MaxMoves(100, 0.1));
    }
}
