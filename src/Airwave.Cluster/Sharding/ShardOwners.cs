namespace Airwave.Cluster.Sharding;

/// <summary>Which shard an entity hashes to and which other live member owns it, read from the lease rows.</summary>
public static class ShardOwners
{
    /// <summary>The shard count used unless <c>airwave.sharding.number-of-shards</c> says otherwise (Akka's default too).</summary>
    public const int DefaultNumberOfShards = 100;

    /// <summary>The shard of <paramref name="entityId"/>: FNV-1a of the id modulo the number of shards; every node of every version computes the same.</summary>
    public static int ShardOf(string entityId, int numberOfShards) => (int)(StableHash.Fnv1a32(entityId) % (uint)numberOfShards);

    /// <summary>The address of the live lease holder of <paramref name="shardId"/> other than <paramref name="self"/>, or null while no other member holds it.</summary>
    /// <remarks><paramref name="self"/> is excluded: a node past its local deadline may still hold the database lease for a moment, and must not point at itself.</remarks>
    public static string? OtherLiveOwner(IEnumerable<ShardLease> leases, int shardId, ShardOwnerId? self) =>
        leases.FirstOrDefault(l => l.ShardId == shardId && l.Live && l.Owner != self)?.Owner.Address;
}
