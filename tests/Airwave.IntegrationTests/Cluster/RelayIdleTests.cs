using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Cluster;

/// <summary>A slave's relay closes its feed once nobody listens for <c>relay.idle-close-after</c> and opens it again for the next listener, who hears live audio, not just the old replica.</summary>
public sealed class RelayIdleTests(ITestOutputHelper output)
{
    private const long ChunkBytes = 16_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_relay_closes_when_nobody_listens_and_reopens_for_the_next_listener()
    {
        await using var cluster = await FourNodeCluster.StartAsync(new Dictionary<string, string> { ["AIRWAVE__RELAY__IDLE_CLOSE_AFTER"] = "2s" });
        var slave = cluster.Slaves[0];
        try
        {
            await cluster.OwnerAsync("looped");
            using (var first = await RecordingListener.ConnectAsync(slave.Http("/looped")))
            {
                await first.WaitForMoreAsync(6 * ChunkBytes, Patience);
            }

            await Poll.UntilAsync(() => RelayAsync(slave), r => !r.Connected, Patience, "the relay closing after its listener left", cluster.Logs);
            await Task.Delay(TimeSpan.FromSeconds(3));

            using var next = await RecordingListener.ConnectAsync(slave.Http("/looped"));
            await next.WaitForMoreAsync(10 * ChunkBytes, Patience);
            var relay = await RelayAsync(slave);
            Assert.True(relay.Connected, "the relay did not reopen for the next listener");
            Assert.Equal(0, relay.Reconnects);
        }
        finally
        {
            output.WriteLine(cluster.Logs());
        }
    }

    private static async Task<(bool Connected, int Reconnects)> RelayAsync(NodeProcess slave)
    {
        var relay = (await slave.ChannelAsync("looped")).GetProperty("relay");
        return (relay.GetProperty("connected").GetBoolean(), relay.GetProperty("reconnects").GetInt32());
    }
}
