using System.Net;
using System.Net.Sockets;
using Airwave.Channels.Ingest;
using Airwave.Streaming.Fixtures;
using Xunit;

namespace Airwave.Channels.Tests.Ingest;

/// <summary>The mark on a real loopback connection (the kernel's readiness is what is tested), ticked by a manual clock.</summary>
public sealed class ReceiveMarkTests
{
    private const int Mark = 4096;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
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
            var clock = new ManualTimeProvider(TestChannels.Origin);
            using var ticks = new ReadPacer(Tick, clock);
            var mark = ReceiveMark.Hold(server, Mark, ticks, Timeout);
            Assert.NotNull(mark);
            await using (mark)
            {
                Assert.Equal(Mark, MarkOf(server));
                var buffer = new byte[Mark * 2];
                var pending = server.ReceiveAsync(buffer, SocketFlags.None);
                await client.SendAsync(new byte[100], SocketFlags.None);

                // No tick yet, so the mark still holds the 100 bytes: a wake-up could only be the kernel ignoring the mark.
                await Task.Delay(200);
                Assert.False(pending.IsCompleted, "100 bytes woke a read that waits for the mark");
                await TickUntilAsync(clock, () => pending.IsCompleted);
                Assert.Equal(100, await pending);
                Assert.Equal(1, MarkOf(server));

                mark.Read();
                await TickUntilAsync(clock, () => MarkOf(server) == Mark);
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

    /// <summary>
    /// Ticks until <paramref name="condition"/> holds. A tick that comes before the mark's loop waits again finds nobody and
    /// is lost, so this ticks on rather than counting ticks; what is tested is that the condition comes with ticks at all.
    /// </summary>
    private static async Task TickUntilAsync(ManualTimeProvider clock, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within the hang guard");
            clock.Advance(Tick);
            await Task.Delay(10);
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
