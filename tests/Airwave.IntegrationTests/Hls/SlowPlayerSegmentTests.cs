using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Hls;

/// <summary>
/// Players on slow links, whose windows take a segment in many pieces: the node's send waits for each, and goes on with
/// the connection's next request or ends with the connection.
/// </summary>
public sealed class SlowPlayerSegmentTests(SlowPlayerNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<SlowPlayerNode>
{
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task A_slow_player_gets_each_segment_whole_on_its_kept_alive_connection_while_the_node_waits_to_send_the_rest()
    {
        var segment = await FullSegmentAsync();
        var expected = await node.FreshCopyAsync(segment);
        using var connection = await KeepAliveConnection.OpenSlowAsync(node.HttpPort);

        await connection.SendAsync(KeepAliveConnection.Request("GET", segment));
        await Task.Delay(TimeSpan.FromSeconds(1));
        // Unread, the player's end holds a few KB; a node that had queued the whole segment would hold the rest.
        var queued = ServerSockets.SendQueue(node.HttpPort, connection.LocalPort);
        Assert.NotNull(queued);
        Assert.InRange(queued.Value, 1, expected.Length - (64 * 1024));
        var first = await connection.ReadAnswerAsync();
        await connection.SendAsync(KeepAliveConnection.Request("GET", segment));
        var again = await connection.ReadAnswerAsync();

        Assert.Equal("HTTP/1.1 200 OK", first.StatusLine);
        Assert.Equal(expected, first.Body);
        Assert.Equal(expected, again.Body);
    }

    [Fact]
    public async Task Connections_whose_slow_players_hang_up_in_the_middle_of_a_segment_are_closed_by_the_node()
    {
        // The node waits to send the rest of each segment: that wait must end with the connection, not at the send timeout
        // (30 s), and the node must close its end.
        const int Players = 10;
        var segment = await FullSegmentAsync();
        var connections = await Task.WhenAll(Enumerable.Range(0, Players).Select(_ => KeepAliveConnection.OpenSlowAsync(node.HttpPort)));
        var pid = node.Pid ?? throw new InvalidOperationException("the node has exited");
        IReadOnlySet<string> sockets;
        try
        {
            foreach (var connection in connections)
            {
                await connection.SendAsync(KeepAliveConnection.Request("GET", segment));
                Assert.Equal("HTTP/1.1 200 OK", (await connection.ReadAnswerAsync(toHead: true)).StatusLine);
            }

            sockets = ServerSockets.Inodes(node.HttpPort, connections.Select(c => c.LocalPort).ToHashSet());
            Assert.Equal(Players, sockets.Count);
            Assert.Equal(Players, ServerSockets.HeldBy(pid, sockets));
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }

        // The players' ends close with unread bytes, so they reset: the node's sockets leave the kernel's tables at once, and
        // only the node's open descriptors show whether it closed them.
        await Poll.UntilAsync(
            () => Task.FromResult(ServerSockets.HeldBy(pid, sockets)),
            held => held == 0,
            TimeSpan.FromSeconds(10),
            "the node to close every connection whose player hung up mid-segment");
    }

    /// <summary>The path of the first segment of /tv that is not its first (which starts wherever the pull did), once the playlist lists it.</summary>
    private async Task<string> FullSegmentAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(node.Http("/tv.m3u8"));
                var text = await response.Content.ReadAsStringAsync();
                return text.Split('\n').Where(line => line.StartsWith("/tv/hls/", StringComparison.Ordinal)).Skip(1).FirstOrDefault() ?? "";
            },
            path => path.Length > 0,
            TimeSpan.FromSeconds(90),
            "a second segment of /tv");
    }
}
