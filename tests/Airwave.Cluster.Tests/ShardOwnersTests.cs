using Airwave.Cluster.Sharding;

namespace Airwave.Cluster.Tests;

/// <summary>Where a channel's requests are sent: its shard and the other live owner of that shard.</summary>
public sealed class ShardOwnersTests
{
    private static readonly ShardOwnerId Self = new("a:8000", Guid.NewGuid());
    private static readonly ShardOwnerId Other = new("b:8000", Guid.NewGuid());

    /// <summary>Nodes of every version must agree where a channel lives: the shard is FNV-1a of the UTF-8 id, pinned to known values.</summary>
    [Theory]
    [InlineData("jazz", 356376304u, 4)]
    [InlineData("demo", 2935829814u, 14)]
    [InlineData("live", 133175215u, 15)]
    public void A_channel_hashes_to_the_same_shard_on_every_node_and_version(string channel, uint hash, int shard)
    {
        Assert.Equal(hash, StableHash.Fnv1a32(channel));
        Assert.Equal(shard, ShardOwners.ShardOf(channel, 100));
    }

    [Fact]
    public void The_live_lease_of_another_member_names_the_owner()
    {
        ShardLease[] leases = [new(3, Self, 1, Live: false), new(7, Other, 2, Live: true)];
        Assert.Equal("b:8000", ShardOwners.OtherLiveOwner(leases, 7, Self));
    }

    [Fact]
    public void An_expired_or_missing_lease_has_no_owner()
    {
        ShardLease[] leases = [new(7, Other, 2, Live: false)];
        Assert.Null(ShardOwners.OtherLiveOwner(leases, 7, Self));
        Assert.Null(ShardOwners.OtherLiveOwner(leases, 8, Self));
    }

    [Fact]
    public void A_node_past_its_deadline_never_points_at_itself()
    {
        ShardLease[] leases = [new(7, Self, 2, Live: true)];
        Assert.Null(ShardOwners.OtherLiveOwner(leases, 7, Self));
        Assert.Equal("a:8000", ShardOwners.OtherLiveOwner(leases, 7, Other));
    }
}
