using Airwave.Channels.Registry;
using Airwave.Channels.Tests.Journaling;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests.Registry;

/// <summary>Two registries on one database, as two nodes of a cluster: each sees what the other added or removed, and neither loses a write to the other.</summary>
public sealed class ChannelRegistryTests(ITestOutputHelper output) : TestKit(TestJournals.InMemory, output: output), IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private ChannelTestbed bed = null!;

    public async Task InitializeAsync() => bed = await ChannelTestbed.CreateAsync(this);

    async Task IAsyncLifetime.DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Registries_sharing_a_database_see_each_others_changes_and_both_can_write()
    {
        var store = bed.Stores.RuntimeChannels;
        var first = Sys.ActorOf(Props.Create(() => new ChannelRegistryActor(store)), "registry-a");
        var second = Sys.ActorOf(Props.Create(() => new ChannelRegistryActor(store)), "registry-b");
        Assert.Empty(await ListAsync(first));
        Assert.Empty(await ListAsync(second));

        Assert.True(await first.Ask<bool>(reply => new AddRuntimeChannel(Channel("x"), reply), AskTimeout, default));
        Assert.True(await second.Ask<bool>(reply => new AddRuntimeChannel(Channel("y"), reply), AskTimeout, default));
        Assert.False(await second.Ask<bool>(reply => new AddRuntimeChannel(Channel("x"), reply), AskTimeout, default));
        Assert.True(await first.Ask<bool>(reply => new RemoveRuntimeChannel("y", reply), AskTimeout, default));

        Assert.Equal(["x"], (await ListAsync(second)).Select(c => c.Name));
        Assert.Equal(["x"], (await ListAsync(first)).Select(c => c.Name));
        Assert.Equal("pw", Assert.Single(await ListAsync(first)).Password);
    }

    private static Task<IReadOnlyList<RuntimeChannel>> ListAsync(IActorRef registry) =>
        registry.Ask<IReadOnlyList<RuntimeChannel>>(reply => new ListRuntimeChannels(reply), AskTimeout, default);

    private static RuntimeChannel Channel(string name) => new(name, "pw", [], OnDemand: false);
}
