using Airwave.Actors.Sharding;
using Airwave.Cluster.Sharding;

namespace Airwave.Cluster.Tests;

/// <summary>Where a channel's requests are sent: its shard and the other live owner of that shard.</summary>
public sealed class ShardOwnersTests
{
    private static readonly ShardOwnerId Self = new("a:8000", Guid.NewGuid());
    private static readonly ShardOwnerId Other = new("b:8000", Guid.NewGuid());

    [Fact]
    public void A_channel_hashes_to_the_shard_of_the_message_extractor()
    {
        var extractor = new HashingMessageExtractor<string>(_ => "jazz", 100);
        Assert.Equal(extractor.ShardId("jazz"), ShardOwners.ShardOf("jazz", 100).ToString(System.Globalization.CultureInfo.InvariantCulture));
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
