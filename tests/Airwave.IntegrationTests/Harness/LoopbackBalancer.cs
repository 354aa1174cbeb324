using System.Net;
using System.Net.Sockets;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// A TCP load balancer on loopback, as a Kubernetes Service stands in front of the slaves: each connection goes to the
/// next backend that accepts it (round robin, skipping refused ones) and is piped both ways until either side closes.
/// The backends' answers can be slowed to a byte rate and let go again (<see cref="Throttle"/>): a congested link that
/// keeps its connections open and their bytes flowing, only too slowly.
/// </summary>
internal sealed class LoopbackBalancer : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<IReadOnlyList<int>> backends;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int next;
    private int bytesPerSecond;

    private LoopbackBalancer(Func<IReadOnlyList<int>> backends)
    {
        this.backends = backends;
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Connections handed to a backend so far.</summary>
    public int Connections { get; private set; }

    /// <summary>Starts balancing over the ports <paramref name="backends"/> returns at each connection.</summary>
    public static LoopbackBalancer Start(Func<IReadOnlyList<int>> backends) => new(backends);

    /// <summary>From now on the backends' answers on every connection pass at <paramref name="rate"/> bytes a second at most.</summary>
    public void Throttle(int rate) => Volatile.Write(ref bytesPerSecond, rate);

    /// <summary>From now on the answers pass as fast as they come.</summary>
    public void Release() => Volatile.Write(ref bytesPerSecond, 0);

    public Uri Http(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

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
        {
            using var backend = await ConnectAsync();
            if (backend is null)
            {
                return;
            }

            Connections++;
            var up = client.GetStream();
            var down = backend.GetStream();
            var first = await Task.WhenAny(PipeAsync(up, down, backend.Client, throttled: false), PipeAsync(down, up, client.Client, throttled: true));
            await first;
        }
    }

    private async Task<TcpClient?> ConnectAsync()
    {
        var ports = backends();
        for (var attempt = 0; attempt < ports.Count * 3; attempt++)
        {
            var port = ports[Interlocked.Increment(ref next) % ports.Count];
            var backend = new TcpClient();
            try
            {
                await backend.ConnectAsync(IPAddress.Loopback, port, stop.Token);
                return backend;
            }
            catch (SocketException)
            {
                backend.Dispose();
                await Task.Delay(50, stop.Token);
            }
        }

        return null;
    }

    private async Task PipeAsync(NetworkStream from, NetworkStream to, Socket toSocket, bool throttled)
    {
        try
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var rate = throttled ? Volatile.Read(ref bytesPerSecond) : 0;
                var most = rate > 0 ? Math.Max(1, (int)(rate * Tick.TotalSeconds)) : buffer.Length;
                var read = await from.ReadAsync(buffer.AsMemory(0, most), stop.Token);
                if (read == 0)
                {
                    break;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
                if (rate > 0)
                {
                    await Task.Delay(Tick, stop.Token);
                }
            }

            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
