namespace Airwave.Cluster.Sharding;

/// <summary>Which shard a channel hashes to: the same on every node of every version.</summary>
public static class ShardOwners
{
    /// <summary>The shard count used unless <c>airwave.sharding.number-of-shards</c> says otherwise (Akka's default too).</summary>
    public const int DefaultNumberOfShards = 100;

    /// <summary>The shard of <paramref name="entityId"/>: FNV-1a of the id modulo the number of shards; every node of every version computes the same.</summary>
    public static int ShardOf(string entityId, int numberOfShards) => (int)(StableHash.Fnv1a32(entityId) % (uint)numberOfShards);
}
