using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Airwave.Channels.Tests.Upstreams;

/// <summary>
/// A raw HTTP/1.1 server on loopback for actors that pull over HTTP (an upstream actor's upstream, a relay's owner): each route
/// writes the whole response; it records every request and counts the connections still open per path, noticing at once
/// when the client closes one.
/// </summary>
internal sealed class LoopbackUpstream : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<UpstreamRequest, Stream, CancellationToken, Task>> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TcpClient, string> open = new();
    private readonly ConcurrentQueue<UpstreamRequest> requests = new();
    private readonly CancellationTokenSource running = new();
    private readonly TcpListener listener;
    private readonly Task accepting;

    private LoopbackUpstream()
    {
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary><c>host:port</c>, as a node's address is given.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts listening on a free loopback port.</summary>
    public static LoopbackUpstream Start() => new();

    public string Url(string path) => $"http://{Address}{path}";

    /// <summary>Serves <paramref name="path"/> (query ignored) with <paramref name="respond"/>, which writes the whole raw response.</summary>
    public void Map(string path, Func<UpstreamRequest, Stream, CancellationToken, Task> respond) => routes[path] = respond;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<UpstreamRequest> Requests => [.. requests];

    /// <summary>Requests received for <paramref name="path"/>.</summary>
    public int RequestsTo(string path) => requests.Count(r => r.Path == path);

    /// <summary>Connections to <paramref name="path"/> the client has not closed yet.</summary>
    public int OpenTo(string path) => open.Values.Count(p => p == path);

    /// <summary>Cuts every open connection, as a dying server would.</summary>
    public void Cut()
    {
        foreach (var client in open.Keys)
        {
            client.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await running.CancelAsync();
        listener.Stop();
        Cut();
        await accepting;
        running.Dispose();
    }

    /// <summary>An endless 200 response: <paramref name="data"/> looped at <paramref name="bytesPerSecond"/>, in tenth-of-a-second slices.</summary>
    public static Func<UpstreamRequest, Stream, CancellationToken, Task> Paced(string contentType, byte[] data, int bytesPerSecond) => async (_, stream, ct) =>
    {
        await HeadAsync(stream, "200 OK", contentType, ct);
        var slice = Math.Max(1, bytesPerSecond / 10);
        var position = 0;
        var started = Environment.TickCount64;
        long sent = 0;
        while (!ct.IsCancellationRequested)
        {
            var count = Math.Min(slice, data.Length - position);
            await stream.WriteAsync(data.AsMemory(position, count), ct);
            sent += count;
            position = (position + count) % data.Length;
            var wait = started + (sent * 1000 / bytesPerSecond) - Environment.TickCount64;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
            }
        }
    };

    /// <summary>A response head without a length: the body runs until the connection closes.</summary>
    public static Task HeadAsync(Stream stream, string status, string contentType, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nConnection: close\r\n\r\n"), cancellationToken).AsTask();

    private async Task AcceptAsync()
    {
        while (!running.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(running.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(running.Token);
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var request = await ReadHeadAsync(stream, connection.Token);
                if (request is null)
                {
                    return;
                }

                requests.Enqueue(request);
                open[client] = request.Path;
                _ = WatchCloseAsync(stream, connection);
                if (routes.TryGetValue(request.Path, out var respond))
                {
                    await respond(request, stream, connection.Token);
                }
                else
                {
                    await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), connection.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            open.TryRemove(client, out _);
        }
    }

    /// <summary>The client sends nothing after its request: a read that ends means it closed the connection.</summary>
    private static async Task WatchCloseAsync(Stream stream, CancellationTokenSource connection)
    {
        var one = new byte[1];
        try
        {
            while (await stream.ReadAsync(one, connection.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        try
        {
            await connection.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task<UpstreamRequest?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 16 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                var target = lines[0].Split(' ') is { Length: >= 2 } parts ? parts[1] : "";
                var question = target.IndexOf('?', StringComparison.Ordinal);
                var headers = lines.Skip(1)
                    .Select(l => l.Split(':', 2))
                    .Where(p => p.Length == 2)
                    .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
                return question < 0
                    ? new UpstreamRequest(target, "", headers)
                    : new UpstreamRequest(target[..question], target[(question + 1)..], headers);
            }
        }

        return null;
    }
}

/// <summary>One request a <see cref="LoopbackUpstream"/> received: its path, query (without the <c>?</c>) and headers.</summary>
internal sealed record UpstreamRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers);
