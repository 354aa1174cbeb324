using System.Net;
using System.Net.Sockets;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// A TCP proxy on loopback in front of one port whose answers (server to client) can be slowed to a byte rate and let go
/// again: a congested link between two nodes, which keeps the connection open and its bytes flowing, only too slowly.
/// </summary>
internal sealed class ThrottlingProxy : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<int> target;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int bytesPerSecond;

    private ThrottlingProxy(Func<int> target)
    {
        this.target = target;
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Forwards every connection to the port <paramref name="target"/> returns when it arrives.</summary>
    public static ThrottlingProxy Start(Func<int> target) => new(target);

    /// <summary>From now on the answers of every connection pass at <paramref name="rate"/> bytes a second at most.</summary>
    public void Throttle(int rate) => Volatile.Write(ref bytesPerSecond, rate);

    /// <summary>From now on the answers pass as fast as they come.</summary>
    public void Release() => Volatile.Write(ref bytesPerSecond, 0);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, target(), stop.Token);
                var upstream = client.GetStream().CopyToAsync(server.GetStream(), stop.Token);
                var downstream = CopyThrottledAsync(server.GetStream(), client.GetStream());
                await Task.WhenAny(upstream, downstream);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task CopyThrottledAsync(Stream from, Stream to)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var rate = Volatile.Read(ref bytesPerSecond);
            var most = rate > 0 ? Math.Max(1, (int)(rate * Tick.TotalSeconds)) : buffer.Length;
            var read = await from.ReadAsync(buffer.AsMemory(0, most), stop.Token);
            if (read == 0)
            {
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
            if (rate > 0)
            {
                await Task.Delay(Tick, stop.Token);
            }
        }
    }
}
