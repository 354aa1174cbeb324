using System.Net.Sockets;
using System.Text;

namespace Airwave.IntegrationTests.Harness;

/// <summary>An Icecast source on a bare socket, for what ffmpeg will not do: wrong content types, garbage, going silent.</summary>
internal sealed class RawSourceClient : IDisposable
{
    private readonly TcpClient client = new();
    private NetworkStream? stream;

    public NetworkStream Stream => stream ?? throw new InvalidOperationException("not connected");

    /// <summary>The client's port, which names this connection in the node's log (<c>source 127.0.0.1:PORT ...</c>).</summary>
    public int LocalPort => ((System.Net.IPEndPoint)client.Client.LocalEndPoint!).Port;

    /// <param name="port">The node's listener port on 127.0.0.1.</param>
    /// <param name="local">The loopback address to connect from (another than 127.0.0.1 stands for another client network), or null.</param>
    public static async Task<RawSourceClient> ConnectAsync(int port, System.Net.IPAddress? local = null)
    {
        var source = new RawSourceClient();
        if (local is not null)
        {
            source.client.Client.Bind(new System.Net.IPEndPoint(local, 0));
        }

        await source.client.ConnectAsync("127.0.0.1", port);
        source.stream = source.client.GetStream();
        return source;
    }

    /// <summary>Sends <c>PUT /mount</c> with Basic <c>source:password</c> (no Authorization header when null, as libshout's first try) and the content type (no <c>Expect</c>: Icecast answers after the first audio).</summary>
    public Task SendPutHeadAsync(string mount, string? password, string contentType)
    {
        var authorization = password is null ? "" : $"Authorization: Basic {Convert.ToBase64String(Encoding.ASCII.GetBytes("source:" + password))}\r\n";
        var head = $"PUT {mount} HTTP/1.1\r\nHost: 127.0.0.1\r\n{authorization}Content-Type: {contentType}\r\nUser-Agent: airwave-it\r\nice-name: raw test source\r\n\r\n";
        return SendAsync(Encoding.ASCII.GetBytes(head));
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await Stream.WriteAsync(bytes);

    /// <summary>Reads the node's answer: the head, then the body up to Content-Length (or what arrives before <paramref name="timeout"/>).</summary>
    public async Task<IcecastResponse> ReadResponseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await Stream.ReadAsync(buffer, cancel.Token);
            if (read == 0)
            {
                throw new IOException($"connection closed after {received.Count} bytes: {Encoding.ASCII.GetString([.. received])}");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received], 0, headEnd);
        var body = received.Skip(headEnd + 4).ToList();
        var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        while (body.Count < length)
        {
            var read = await Stream.ReadAsync(buffer, cancel.Token);
            if (read == 0)
            {
                break;
            }

            body.AddRange(buffer.AsSpan(0, read));
        }

        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return new IcecastResponse(status, head, Encoding.UTF8.GetString([.. body]));
    }

    /// <summary>True when the node closes the connection within <paramref name="timeout"/> (anything it still sends is skipped).</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(buffer, cancel.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        stream?.Dispose();
        client.Dispose();
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i - 3;
            }
        }

        return -1;
    }
}
