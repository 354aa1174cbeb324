using System.Net.Sockets;
using System.Text;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// A listener on a plain socket: sends one request head, parses the answer's head and keeps every body byte, so tests can
/// read headers the way a player does and compare the audio byte for byte. Reads in the background until the server closes.
/// </summary>
internal sealed class RawListenerClient : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly MemoryStream body = new();
    private readonly Lock gate = new();
    private Task reading = Task.CompletedTask;

    private RawListenerClient()
    {
    }

    /// <summary>The status code of the answer.</summary>
    public int Status { get; private set; }

    /// <summary>The answer's header fields (names case-insensitive; the last one of a name wins).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True once the server closed the stream (or it failed).</summary>
    public bool Ended => reading.IsCompleted;

    /// <summary>How the stream ended: "closed" for a graceful end, else the error.</summary>
    public string EndedBy { get; private set; } = "";

    public long BodyLength
    {
        get
        {
            lock (gate)
            {
                return body.Length;
            }
        }
    }

    /// <summary>Connects to <paramref name="port"/> on loopback and sends <c>GET <paramref name="pathAndQuery"/></c> with <paramref name="headers"/>.</summary>
    public static async Task<RawListenerClient> GetAsync(int port, string pathAndQuery, string protocol = "HTTP/1.0", params string[] headers)
    {
        var client = new RawListenerClient();
        try
        {
            await client.socket.ConnectAsync("127.0.0.1", port);
            var head = new StringBuilder($"GET {pathAndQuery} {protocol}\r\nHost: 127.0.0.1\r\nUser-Agent: airwave-tests\r\n");
            foreach (var header in headers)
            {
                head.Append(header).Append("\r\n");
            }

            await client.socket.SendAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
            await client.ReadHeadAsync();
            client.reading = client.ReadBodyAsync();
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Every body byte received so far.</summary>
    public byte[] Body()
    {
        lock (gate)
        {
            return body.ToArray();
        }
    }

    /// <summary>Waits until at least <paramref name="total"/> body bytes arrived; throws when the stream ends or the time is up first.</summary>
    public async Task WaitForBytesAsync(long total, TimeSpan timeout)
    {
        var (received, _) = await Poll.UntilAsync(() => Task.FromResult((BodyLength, Ended)), s => s.BodyLength >= total || s.Ended, timeout, $"{total} body bytes");
        if (received < total)
        {
            throw new IOException($"the stream ended after {received} bytes: {EndedBy}");
        }
    }

    /// <summary>Waits until the server ended the stream.</summary>
    public Task WaitForEndAsync(TimeSpan timeout) => reading.WaitAsync(timeout);

    public void Dispose()
    {
        socket.Dispose();
        try
        {
            reading.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ReadHeadAsync()
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await socket.ReceiveAsync(one) == 0)
            {
                throw new IOException($"the server closed the connection during the head: {Encoding.ASCII.GetString([.. head])}");
            }

            head.Add(one[0]);
        }

        var lines = Encoding.UTF8.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    private async Task ReadBodyAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                lock (gate)
                {
                    body.Write(buffer, 0, read);
                }
            }

            EndedBy = "closed";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            EndedBy = e.Message;
        }
    }
}
