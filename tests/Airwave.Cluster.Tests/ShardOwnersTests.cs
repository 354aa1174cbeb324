using Airwave.Cluster.Sharding;

namespace Airwave.Cluster.Tests;

/// <summary>Where a channel's messages go: its shard, the same on every node and version, for messages and for remembered entities alike.</summary>
public sealed class ShardOwnersTests
{
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
    public void Every_channel_message_goes_to_the_channels_entity_in_its_shard()
    {
        var extractor = new ChannelMessageExtractor(100, id => id);
        foreach (object message in new object[] { new EnsureChannel("jazz"), new LocateChannel("jazz") })
        {
            Assert.Equal("jazz", extractor.EntityId(message));
            Assert.Equal("4", extractor.ShardId(message));
            Assert.Same(message, extractor.EntityMessage(message));
        }

        // Remember-entities restarts an entity from its id alone.
        Assert.Equal("4", extractor.ShardId("jazz"));
    }

    [Fact]
    public void A_rendition_is_its_own_entity_in_its_source_channels_shard()
    {
        var extractor = new ChannelMessageExtractor(100, id => id == "jazz-aac64" ? "jazz" : id);

        Assert.Equal("jazz-aac64", extractor.EntityId(new EnsureChannel("jazz-aac64")));
        Assert.Equal(extractor.ShardId("jazz"), extractor.ShardId(new EnsureChannel("jazz-aac64")));
        Assert.Equal(extractor.ShardId("jazz"), extractor.ShardId("jazz-aac64"));
        Assert.NotEqual(ShardOwners.ShardOf("jazz-aac64", 100).ToString(System.Globalization.CultureInfo.InvariantCulture), extractor.ShardId("jazz-aac64"));
    }

    [Fact]
    public void Anything_else_is_not_routed()
    {
        var extractor = new ChannelMessageExtractor(100, id => id);
        Assert.Null(extractor.EntityId("jazz"));
        Assert.Null(extractor.ShardId((object)42));
    }
}
