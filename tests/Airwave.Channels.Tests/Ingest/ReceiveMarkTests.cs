using System.Net;
using System.Net.Sockets;
using Airwave.Channels.Ingest;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

/// <summary>The mark on a real loopback connection, ticked by a real clock (the kernel's readiness is what is tested).</summary>
public sealed class ReceiveMarkTests
{
    private const int Mark = 4096;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>The source's timeout: bytes waiting unread drop the mark after a quarter of it, four ticks.</summary>
    private static readonly TimeSpan Timeout = 16 * Tick;

    [Fact]
    public async Task A_short_tail_under_the_mark_wakes_the_pending_read_after_the_still_ticks_and_the_next_read_restores_the_mark()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no receive low-water mark for TCP there: Hold gives none
        }

        var (client, server) = await ConnectedPairAsync();
        using (client)
        using (server)
        {
            using var ticks = new ReadPacer(Tick, TimeProvider.System);
            var mark = ReceiveMark.Hold(server, Mark, ticks, Timeout);
            Assert.NotNull(mark);
            await using (mark)
            {
                Assert.Equal(Mark, MarkOf(server));
                var buffer = new byte[Mark * 2];
                var pending = server.ReceiveAsync(buffer, SocketFlags.None);
                await client.SendAsync(new byte[100], SocketFlags.None);

                // A tick in, the mark still holds the 100 bytes: the read can only wake after the still ticks, never early.
                await Task.Delay(Tick);
                Assert.False(pending.IsCompleted, "100 bytes woke a read that waits for the mark before the still ticks passed");
                Assert.Equal(100, await pending.WaitAsync(HangGuard));
                Assert.Equal(1, MarkOf(server));

                mark.Read();
                await WaitUntilAsync(() => MarkOf(server) == Mark);
                pending = server.ReceiveAsync(buffer, SocketFlags.None);
                await client.SendAsync(new byte[Mark], SocketFlags.None);
                Assert.Equal(Mark, await pending.WaitAsync(HangGuard));
            }

            Assert.Equal(1, MarkOf(server));
        }
    }

    [Fact]
    public void No_socket_holds_no_mark()
    {
        using var ticks = new ReadPacer(Tick, TimeProvider.System);
        Assert.Null(ReceiveMark.Hold(null, Mark, ticks, Timeout));
    }

    [Theory]
    [InlineData(128, 8000)]
    [InlineData(64, 4000)]
    [InlineData(0, 8000)]
    [InlineData(8, 1024)]
    [InlineData(320, 8192)]
    public void The_mark_is_half_a_second_of_the_stream_within_1_to_8_KiB(int kbps, int bytes) =>
        Assert.Equal(bytes, ReceiveMark.HalfSecondOf(kbps));

    [Theory]
    [InlineData(10_000, 4)]
    [InlineData(2_000, 2)]
    [InlineData(1_000, 1)]
    [InlineData(500, 1)]
    public void Bytes_wait_unread_a_quarter_of_the_timeout_a_second_at_most(int timeoutMs, int ticks) =>
        Assert.Equal(ticks, ReceiveMark.StillTicks(TimeSpan.FromMilliseconds(timeoutMs), TimeSpan.FromMilliseconds(250)));

    private static int MarkOf(Socket socket) => (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater)!;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within the hang guard");
            await Task.Delay(Tick);
        }
    }

    private static async Task<(Socket Client, Socket Server)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (client, await accepting);
    }
}
