using System.Net;
using System.Net.Sockets;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// A TCP load balancer on loopback, as a Kubernetes Service stands in front of the slaves: each connection goes to the
/// next backend that accepts it (round robin, skipping refused ones) and is piped both ways until either side closes.
/// </summary>
internal sealed class LoopbackBalancer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<IReadOnlyList<int>> backends;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int next;

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
            var first = await Task.WhenAny(PipeAsync(up, down, backend.Client), PipeAsync(down, up, client.Client));
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

    private async Task PipeAsync(NetworkStream from, NetworkStream to, Socket toSocket)
    {
        try
        {
            await from.CopyToAsync(to, stop.Token);
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
