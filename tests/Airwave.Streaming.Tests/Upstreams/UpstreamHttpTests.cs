using Airwave.Streaming.Upstreams;
using Airwave.TestFixtures;
using Xunit;

namespace Airwave.Streaming.Tests.Upstreams;

public sealed class UpstreamHttpTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_socket_of_a_response_takes_a_receive_mark_that_leaves_a_pending_read_waiting_for_fewer_bytes_and_completes_it_at_the_mark()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no receive low-water mark for TCP there
        }

        var sendSmall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sendLarge = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = LoopbackUpstream.Start();
        upstream.Map("/stream", async (_, stream, ct) =>
        {
            await LoopbackUpstream.HeadAsync(stream, "audio/mpeg", null, ct);
            await stream.WriteAsync(new byte[100], ct);
            await sendSmall.Task.WaitAsync(ct);
            await stream.WriteAsync(new byte[100], ct);
            await sendLarge.Task.WaitAsync(ct);
            await stream.WriteAsync(new byte[5000], ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var http = new UpstreamHttp();
        using var response = await UpstreamHttp.GetAsync(
            http.Client(0), UpstreamSettings.Of(upstream.Url("/stream")), new Uri(upstream.Url("/stream")), false, HangGuard, CancellationToken.None);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        var got = 0;
        while (got < 100)
        {
            got += await body.ReadAsync(buffer).AsTask().WaitAsync(HangGuard);
        }

        var socket = UpstreamHttp.SocketOf(response);
        Assert.NotNull(socket);
        Assert.Equal(new Uri(upstream.Url("/stream")).Port, ((System.Net.IPEndPoint)socket.RemoteEndPoint!).Port);
        socket.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.ReceiveLowWater, 4096);
        var pending = body.ReadAsync(buffer).AsTask();
        sendSmall.SetResult();
        // A wake-up can only come late, never early, so waiting a while cannot make this pass by chance.
        await Task.Delay(500);
        Assert.False(pending.IsCompleted, "100 bytes woke a read that waits for 4096");

        sendLarge.SetResult();
        Assert.True(await pending.WaitAsync(HangGuard) > 0);
    }
}
