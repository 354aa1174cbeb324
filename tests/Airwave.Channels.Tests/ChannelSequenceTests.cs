using Airwave.Channels.Journaling;
using Airwave.Channels.Tests.Journaling;
using Airwave.Streaming.Channels;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests;

public sealed class ChannelSequenceTests(ITestOutputHelper output) : TestKit(TestJournals.InMemory, output: output)
{
    [Fact]
    public async Task Numbers_start_at_zero_and_increase_by_one()
    {
        var sequence = new ChannelSequence(Start("live"));
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
        var log = Start("live");
        var first = new ChannelSequence(log);
        await first.RecoverAsync(-1);
        var used = 0L;
        for (var i = 0; i < 5; i++)
        {
            used = await first.NextAsync();
        }

        await log.Actor.GracefulStop(TimeSpan.FromSeconds(5));
        var restarted = new ChannelSequence(Start("live"));
        await restarted.RecoverAsync(-1);
        var next = await restarted.NextAsync();

        Assert.True(next > used);
        Assert.Equal(ChannelSequence.BlockSize, next);
    }

    [Fact]
    public async Task Recovery_continues_above_the_highest_number_held()
    {
        var log = Start("live");
        var first = new ChannelSequence(log);
        await first.RecoverAsync(-1);
        await first.NextAsync();

        await log.Actor.GracefulStop(TimeSpan.FromSeconds(5));
        var restarted = new ChannelSequence(Start("live"));
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
            var log = Start("live");
            var sequence = new ChannelSequence(log);
            await sequence.RecoverAsync(-1);
            for (var i = 0; i < 700; i++)
            {
                var n = await sequence.NextAsync();
                Assert.True(n > last);
                Assert.True(seen.Add(n));
                last = n;
            }

            await log.Actor.GracefulStop(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Channels_have_independent_sequences()
    {
        var live = new ChannelSequence(Start("live"));
        var demo = new ChannelSequence(Start("demo"));
        await live.RecoverAsync(-1);
        await demo.RecoverAsync(-1);

        Assert.Equal(0, await live.NextAsync());
        Assert.Equal(0, await demo.NextAsync());
        Assert.Equal(1, await live.NextAsync());
    }

    private ReservationLog<SequenceReserved> Start(string channel) => TestJournals.Start<SequenceReserved>(Sys, ChannelSequence.PersistenceIdOf(channel));
}
