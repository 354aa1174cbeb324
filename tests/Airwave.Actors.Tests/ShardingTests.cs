using System.Globalization;
using Airwave.Actors;
using Airwave.Actors.Sharding;
using Airwave.TestKit;

namespace Airwave.Actors.Tests;

public sealed class ShardingTests : ActorTestKit
{
    private sealed record ChannelCommand(string Channel, string Text);

    private sealed class ChannelEntity(string id, TestProbe probe) : Actor<ChannelCommand>
    {
        protected override ValueTask PreStartAsync()
        {
            probe.Tell($"{id} started at {Context.Self.Path}");
            return ValueTask.CompletedTask;
        }

        protected override ValueTask PostStopAsync()
        {
            probe.Tell($"{id} stopped");
            return ValueTask.CompletedTask;
        }

        protected override ValueTask ReceiveAsync(ChannelCommand message)
        {
            probe.Tell($"{id} got {message.Text}");
            return ValueTask.CompletedTask;
        }
    }

    private static readonly HashingMessageExtractor<ChannelCommand> s_extractor = new(command => command.Channel);

    private LocalShardRegion<ChannelCommand> StartRegion(TestProbe probe, TimeSpan? passivateAfter) => new(
        System,
        "channels",
        id => Props.Create(() => new ChannelEntity(id, probe)),
        s_extractor,
        new ShardRegionSettings { PassivateIdleAfter = passivateAfter, PassivationCheckInterval = TimeSpan.FromMilliseconds(25) });

    [Fact]
    public async Task First_message_creates_the_entity_under_its_shard()
    {
        var probe = CreateProbe();
        var region = StartRegion(probe, passivateAfter: null);
        var shard = s_extractor.ShardId("live");

        region.Tell(new ChannelCommand("live", "hello"));
        region.Tell(new ChannelCommand("live", "again"));

        await probe.ExpectMsgAsync($"live started at /user/channels/{shard}/live");
        await probe.ExpectMsgAsync("live got hello");
        await probe.ExpectMsgAsync("live got again");
        var stats = await region.GetStatsAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, stats.TotalEntities);
        Assert.Equal(1, stats.EntitiesPerShard[shard]);
    }

    [Fact]
    public async Task Idle_entities_are_passivated_and_restarted_by_the_next_message()
    {
        var probe = CreateProbe();
        var region = StartRegion(probe, passivateAfter: TimeSpan.FromMilliseconds(100));

        region.Tell(new ChannelCommand("demo", "first"));
        await probe.FishForMessageAsync<string>(text => text == "demo got first");
        await probe.ExpectMsgAsync("demo stopped");
        await TestProbe.AwaitAssertAsync(async () => Assert.Equal(0, (await region.GetStatsAsync(TimeSpan.FromSeconds(5))).TotalEntities));

        region.Tell(new ChannelCommand("demo", "second"));

        await probe.FishForMessageAsync<string>(text => text == "demo got second");
    }

    [Fact]
    public async Task Stats_count_entities_per_shard()
    {
        var probe = CreateProbe();
        var region = StartRegion(probe, passivateAfter: null);
        string[] channels = ["a", "b", "c", "d", "e"];

        foreach (var channel in channels)
        {
            region.Tell(new ChannelCommand(channel, "hi"));
        }

        await TestProbe.AwaitAssertAsync(async () =>
        {
            var stats = await region.GetStatsAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(5, stats.TotalEntities);
            foreach (var group in channels.GroupBy(s_extractor.ShardId))
            {
                Assert.Equal(group.Count(), stats.EntitiesPerShard[group.Key]);
            }
        });
    }

    [Fact]
    public void Shard_ids_are_stable_across_processes()
    {
        Assert.Equal(0x811C9DC5u, StableHash.Fnv1a32(string.Empty));
        Assert.Equal(0xE40C292Cu, StableHash.Fnv1a32("a"));
        Assert.Equal(0xBF9CF968u, StableHash.Fnv1a32("foobar"));
        Assert.Equal((0xBF9CF968u % 100).ToString(CultureInfo.InvariantCulture), s_extractor.ShardId("foobar"));
    }

    [Fact]
    public void Shard_ids_spread_over_the_configured_number_of_shards()
    {
        var extractor = new HashingMessageExtractor<string>(text => text, numberOfShards: 10);

        var shards = Enumerable.Range(0, 1000).Select(i => extractor.ShardId($"channel-{i}")).ToHashSet();

        Assert.Equal(10, shards.Count);
        Assert.All(shards, shard => Assert.InRange(int.Parse(shard, CultureInfo.InvariantCulture), 0, 9));
    }
}
