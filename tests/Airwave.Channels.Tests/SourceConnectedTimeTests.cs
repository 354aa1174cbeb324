using Airwave.Channels.Tests.Journaling;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fixtures;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace Airwave.Channels.Tests;

/// <summary>A channel remembers when its current source attached: Icecast's <c>stream_start</c> in <c>/status-json.xsl</c>.</summary>
public sealed class SourceConnectedTimeTests(ITestOutputHelper output) : TestKit(TestJournals.InMemory, output: output), IAsyncLifetime
{
    private ChannelTestbed bed = null!;

    public async Task InitializeAsync() => bed = await ChannelTestbed.CreateAsync(this);

    async Task IAsyncLifetime.DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Each_source_that_attaches_restarts_the_stream_start()
    {
        var channel = bed.Start(TestChannels.Settings());
        var first = await bed.AttachAsync(channel);
        var firstConnected = bed.Clock.GetUtcNow().UtcTicks;
        Assert.Equal(firstConnected, channel.SourceConnectedTicks);

        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        bed.ActorOf(channel).Tell(new DetachSource(first.Id, "gone"));
        await bed.ActorOf(channel).Ask<RewindDumped>(reply => new DumpRewind(reply), TimeSpan.FromSeconds(10), default); // answered after the detach
        Assert.Equal(SourceState.Lost, channel.Source);
        Assert.Equal(firstConnected, channel.SourceConnectedTicks);

        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        await bed.AttachAsync(channel);
        Assert.Equal(bed.Clock.GetUtcNow().UtcTicks, channel.SourceConnectedTicks);
        Assert.Equal(firstConnected + TimeSpan.FromSeconds(60).Ticks, channel.SourceConnectedTicks);
    }
}
