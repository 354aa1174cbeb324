using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Airwave.IntegrationTests.Pulling;

/// <summary>A raw HTTP/1.1 upstream on loopback whose routes write whatever bytes a test wants (well-formed or hostile); it can die and come back on the same port.</summary>
internal sealed class LoopbackUpstream : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<Stream, CancellationToken, Task>> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TcpClient, byte> connections = new();
    private TcpListener? listener;
    private CancellationTokenSource? running;

    private LoopbackUpstream(int port) => Port = port;

    public int Port { get; }

    /// <summary>Starts listening on a free port.</summary>
    public static LoopbackUpstream Start()
    {
        var upstream = new LoopbackUpstream(Harness.FreePorts.Next());
        upstream.Resume();
        return upstream;
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    /// <summary>Serves <paramref name="path"/> (query ignored) with <paramref name="respond"/>, which writes the whole raw response.</summary>
    public void Map(string path, Func<Stream, CancellationToken, Task> respond) => routes[path] = respond;

    /// <summary>Dies: refuses new connections and cuts the open ones.</summary>
    public void Kill()
    {
        running?.Cancel();
        listener?.Stop();
        foreach (var client in connections.Keys)
        {
            client.Close();
        }

        connections.Clear();
        listener = null;
    }

    /// <summary>Comes back on the same port.</summary>
    public void Resume()
    {
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes a 200 response head.</summary>
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
    public static Func<Stream, CancellationToken, Task> Body(string contentType, Func<byte[]> body) => async (stream, ct) =>
    {
        var bytes = body();
        await HeadAsync(stream, contentType, bytes.Length, ct);
        await stream.WriteAsync(bytes, ct);
    };

    /// <summary>An endless stream: <paramref name="data"/> looped at <paramref name="bytesPerSecond"/>, in tenth-of-a-second slices.</summary>
    public static Func<Stream, CancellationToken, Task> Paced(string contentType, byte[] data, int bytesPerSecond, params string[] extra) => async (stream, ct) =>
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
            var due = started + (sent * 1000 / bytesPerSecond);
            var wait = due - Environment.TickCount64;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
            }
        }
    };

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

            connections[client] = 0;
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var path = await ReadPathAsync(stream, cancellationToken);
                if (path is not null && routes.TryGetValue(path, out var respond))
                {
                    await respond(stream, cancellationToken);
                }
                else
                {
                    await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            connections.TryRemove(client, out _);
        }
    }

    private static async Task<string?> ReadPathAsync(Stream stream, CancellationToken cancellationToken)
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
                var line = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n")[0].Split(' ');
                return line.Length >= 2 ? line[1].Split('?')[0] : null;
            }
        }

        return null;
    }
}
