using Airwave.Persistence;
using Airwave.Streaming.Channels;
using Xunit;

namespace Airwave.Streaming.Tests.Channels;

public sealed class ChannelSequenceTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "airwave-seq-" + Guid.NewGuid().ToString("N"));
    private readonly EventSerializer serializer = new();
    private PersistenceStores stores = null!;

    public async Task InitializeAsync()
    {
        ChannelSequence.Register(serializer);
        stores = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await stores.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Numbers_start_at_zero_and_increase_by_one()
    {
        var sequence = new ChannelSequence("live", stores.Journal, serializer);
        await sequence.RecoverAsync(-1);

        var numbers = new List<long>();
        for (var i = 0; i < 2500; i++)
        {
            numbers.Add(await sequence.NextAsync());
        }

        Assert.Equal(Enumerable.Range(0, 2500).Select(i => (long)i), numbers);
    }

    [Fact]
    public async Task A_restart_with_an_empty_buffer_continues_above_the_reservation()
    {
        var first = new ChannelSequence("live", stores.Journal, serializer);
        await first.RecoverAsync(-1);
        var used = 0L;
        for (var i = 0; i < 5; i++)
        {
            used = await first.NextAsync();
        }

        await stores.DisposeAsync();
        stores = await OpenAsync();
        var restarted = new ChannelSequence("live", stores.Journal, serializer);
        await restarted.RecoverAsync(-1);
        var next = await restarted.NextAsync();

        Assert.True(next > used);
        Assert.Equal(ChannelSequence.BlockSize, next);
    }

    [Fact]
    public async Task Recovery_continues_above_the_highest_number_held()
    {
        var first = new ChannelSequence("live", stores.Journal, serializer);
        await first.RecoverAsync(-1);
        await first.NextAsync();

        var restarted = new ChannelSequence("live", stores.Journal, serializer);
        await restarted.RecoverAsync(highestHeld: 5000);

        Assert.Equal(5001, await restarted.NextAsync());
        Assert.Equal(5002, await restarted.NextAsync());
    }

    [Fact]
    public async Task Numbers_never_repeat_across_many_restarts()
    {
        var seen = new HashSet<long>();
        var last = -1L;
        for (var run = 0; run < 4; run++)
        {
            var sequence = new ChannelSequence("live", stores.Journal, serializer);
            await sequence.RecoverAsync(-1);
            for (var i = 0; i < 700; i++)
            {
                var n = await sequence.NextAsync();
                Assert.True(n > last);
                Assert.True(seen.Add(n));
                last = n;
            }
        }
    }

    [Fact]
    public async Task Old_reservations_are_deleted_from_the_journal()
    {
        var sequence = new ChannelSequence("live", stores.Journal, serializer);
        await sequence.RecoverAsync(-1);
        for (var i = 0; i < (ChannelSequence.BlockSize * 3) + 1; i++)
        {
            await sequence.NextAsync();
        }

        var highest = await stores.Journal.HighestSequenceNumberAsync("channel-sequence/live");
        var kept = new List<JournalEvent>();
        await foreach (var stored in stores.Journal.ReadEventsAsync("channel-sequence/live", 1, long.MaxValue, long.MaxValue))
        {
            kept.Add(stored);
        }

        Assert.Equal(4, highest);
        var only = Assert.Single(kept);
        Assert.Equal(4, only.SequenceNr);
        Assert.Equal((ChannelSequence.BlockSize * 4) - 1, ((SequenceReserved)serializer.Deserialize(only.Payload)).UpTo);
    }

    [Fact]
    public async Task Channels_have_independent_sequences()
    {
        var live = new ChannelSequence("live", stores.Journal, serializer);
        var demo = new ChannelSequence("demo", stores.Journal, serializer);
        await live.RecoverAsync(-1);
        await demo.RecoverAsync(-1);

        Assert.Equal(0, await live.NextAsync());
        Assert.Equal(0, await demo.NextAsync());
        Assert.Equal(1, await live.NextAsync());
    }

    private Task<PersistenceStores> OpenAsync() =>
        PersistenceStoreFactory.OpenAsync(new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory });
}
