using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Airwave.TestFixtures;

/// <summary>
/// A raw HTTP/1.1 server on loopback for whatever pulls over HTTP (a pulled channel's upstream, a relay's owner): each
/// route writes the whole raw response, well-formed or hostile. It records every request, counts the connections still
/// open per path (noticing at once when the client closes one), and can die and come back on the same port.
/// </summary>
public sealed class LoopbackUpstream : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<UpstreamRequest, Stream, CancellationToken, Task>> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TcpClient, string> open = new();
    private readonly ConcurrentQueue<UpstreamRequest> requests = new();
    private TcpListener? listener;
    private CancellationTokenSource? running;
    private Task accepting = Task.CompletedTask;

    private LoopbackUpstream()
    {
    }

    public int Port { get; private set; }

    /// <summary><c>host:port</c>, as a node's address is given.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts listening on a free loopback port.</summary>
    public static LoopbackUpstream Start()
    {
        var upstream = new LoopbackUpstream();
        upstream.Listen(0);
        return upstream;
    }

    public string Url(string path) => $"http://{Address}{path}";

    /// <summary>Serves <paramref name="path"/> (query ignored) with <paramref name="respond"/>, which writes the whole raw response.</summary>
    public void Map(string path, Func<UpstreamRequest, Stream, CancellationToken, Task> respond) => routes[path] = respond;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<UpstreamRequest> Requests => [.. requests];

    /// <summary>Requests received for <paramref name="path"/>.</summary>
    public int RequestsTo(string path) => requests.Count(r => r.Path == path);

    /// <summary>Connections to <paramref name="path"/> the client has not closed yet.</summary>
    public int OpenTo(string path) => open.Values.Count(p => p == path);

    /// <summary>Cuts every open connection, as a dying server would, and keeps accepting new ones.</summary>
    public void Cut()
    {
        foreach (var client in open.Keys)
        {
            client.Close();
        }
    }

    /// <summary>Dies: refuses new connections and cuts the open ones, until <see cref="Resume"/>.</summary>
    public void Kill()
    {
        running?.Cancel();
        listener?.Stop();
        listener = null;
        Cut();
    }

    /// <summary>Comes back on the same port.</summary>
    public void Resume() => Listen(Port);

    public async ValueTask DisposeAsync()
    {
        Kill();
        await accepting;
        running?.Dispose();
    }

    /// <summary>A 200 response head; without <paramref name="length"/> the body runs until the connection closes.</summary>
    public static Task HeadAsync(Stream stream, string contentType, long? length, CancellationToken cancellationToken, params string[] extra)
    {
        var head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: ").Append(contentType).Append("\r\nConnection: close\r\n");
        if (length is { } l)
        {
            head.Append("Content-Length: ").Append(l).Append("\r\n");
        }

        foreach (var line in extra)
        {
            head.Append(line).Append("\r\n");
        }

        return stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), cancellationToken).AsTask();
    }

    /// <summary>A whole body with Content-Length, produced per request.</summary>
    public static Func<UpstreamRequest, Stream, CancellationToken, Task> Body(string contentType, Func<byte[]> body) => async (_, stream, ct) =>
    {
        var bytes = body();
        await HeadAsync(stream, contentType, bytes.Length, ct);
        await stream.WriteAsync(bytes, ct);
    };

    /// <summary>An endless 200 response: <paramref name="data"/> looped at <paramref name="bytesPerSecond"/>, in tenth-of-a-second slices.</summary>
    public static Func<UpstreamRequest, Stream, CancellationToken, Task> Paced(string contentType, byte[] data, int bytesPerSecond, params string[] extra) => async (_, stream, ct) =>
    {
        await HeadAsync(stream, contentType, null, ct, extra);
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

    private void Listen(int port)
    {
        running?.Dispose();
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync(listener, running.Token);
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await server.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
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
public sealed record UpstreamRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers);
