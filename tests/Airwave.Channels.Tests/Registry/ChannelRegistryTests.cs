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

    [Fact]
    public async Task A_registry_whose_database_is_down_answers_with_the_failure_at_once_and_keeps_working()
    {
        var store = new DownStore();
        var registry = Sys.ActorOf(Props.Create(() => new ChannelRegistryActor(store)));

        await Assert.ThrowsAsync<DownStore.DatabaseDown>(() => ListAsync(registry));
        await Assert.ThrowsAsync<DownStore.DatabaseDown>(() => registry.Ask<bool>(reply => new AddRuntimeChannel(Channel("x"), reply), AskTimeout, default));

        store.Down = false;
        Assert.Empty(await ListAsync(registry));
    }

    private static Task<IReadOnlyList<RuntimeChannel>> ListAsync(IActorRef registry) =>
        registry.Ask<IReadOnlyList<RuntimeChannel>>(reply => new ListRuntimeChannels(reply), AskTimeout, default);

    private static RuntimeChannel Channel(string name) => new(name, "pw", [], OnDemand: false);

    /// <summary>A store whose database is down until told otherwise.</summary>
    private sealed class DownStore : Airwave.Persistence.Registry.IRuntimeChannelStore
    {
        public volatile bool Down = true;

        public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
            Down ? Task.FromException<IReadOnlyList<string>>(new DatabaseDown()) : Task.FromResult<IReadOnlyList<string>>([]);

        public Task<bool> AddAsync(string name, string definition, CancellationToken cancellationToken = default) =>
            Down ? Task.FromException<bool>(new DatabaseDown()) : Task.FromResult(true);

        public Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default) =>
            Down ? Task.FromException<bool>(new DatabaseDown()) : Task.FromResult(true);

        public sealed class DatabaseDown : System.Data.Common.DbException
        {
            public DatabaseDown()
                : base("the database is down")
            {
            }
        }
    }
}
