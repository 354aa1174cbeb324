using System.Net.Sockets;
using System.Text;

namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// One plain socket for several requests, the way a player keeps its connection to an HLS server: each answer is read
/// by its <c>Content-Length</c>, so tests see exactly which connection served what and whether the server kept it.
/// </summary>
internal sealed class KeepAliveConnection : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    private KeepAliveConnection()
    {
    }

    /// <summary>The client's port: the server's socket for this connection has it as its remote port.</summary>
    public int LocalPort => ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;

    /// <summary>Connects to <paramref name="port"/> on loopback as a player on a fast link.</summary>
    public static Task<KeepAliveConnection> OpenAsync(int port) => OpenAsync(port, slowLink: false);

    /// <summary>
    /// Connects as a player on a slow link: a 4 KB receive window and 88-byte TCP segments, both asked for before
    /// connecting. On loopback the server's send buffer then holds about 250 KB instead of megabytes, so a larger answer
    /// waits for the player to read.
    /// </summary>
    public static Task<KeepAliveConnection> OpenSlowAsync(int port) => OpenAsync(port, slowLink: true);

    private static async Task<KeepAliveConnection> OpenAsync(int port, bool slowLink)
    {
        var connection = new KeepAliveConnection();
        if (slowLink)
        {
            const int IpProtocolTcp = 6;
            const int TcpMaxSegment = 2;
            connection.socket.ReceiveBufferSize = 4096;
            connection.socket.SetRawSocketOption(IpProtocolTcp, TcpMaxSegment, BitConverter.GetBytes(88));
        }

        await connection.socket.ConnectAsync("127.0.0.1", port);
        return connection;
    }

    /// <summary>Sends request heads as written (several at once pipeline them), each ending in an empty line.</summary>
    public Task SendAsync(params string[] heads) =>
        socket.SendAsync(Encoding.ASCII.GetBytes(string.Concat(heads.Select(h => h.TrimEnd('\r', '\n') + "\r\n\r\n"))));

    /// <summary>A request head for <paramref name="path"/> with a <c>Host</c> and a <c>User-Agent</c>, and <paramref name="headers"/>.</summary>
    public static string Request(string method, string path, string protocol = "HTTP/1.1", params string[] headers) =>
        string.Join("\r\n", [$"{method} {path} {protocol}", "Host: 127.0.0.1", "User-Agent: airwave-tests", .. headers]);

    /// <summary>Reads one answer: its status line, headers and, unless it answers a <c>HEAD</c>, its body (by <c>Content-Length</c> or chunked).</summary>
    public async Task<Answer> ReadAnswerAsync(bool toHead = false)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        int headEnd;
        while ((headEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(timeout.Token);
        }

        var lines = Encoding.ASCII.GetString(buffer, start, headEnd).Split("\r\n");
        start += headEnd + 4;
        var fields = lines.Skip(1).Select(l => l.Split(':', 2)).ToArray();
        if (fields.Any(f => f.Length != 2))
        {
            throw new InvalidDataException($"not an HTTP answer head: {string.Join(" | ", lines)}");
        }

        var headers = fields.ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (toHead)
        {
            return new Answer(lines[0], headers, []);
        }

        if (headers.GetValueOrDefault("Transfer-Encoding") == "chunked")
        {
            var chunks = new MemoryStream();
            int size;
            do
            {
                var line = await ReadLineAsync(timeout.Token);
                size = int.Parse(line.Split(';')[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                chunks.Write(await ReadBytesAsync(size, timeout.Token));
                await ReadLineAsync(timeout.Token);
            }
            while (size > 0);

            return new Answer(lines[0], headers, chunks.ToArray());
        }

        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new Answer(lines[0], headers, await ReadBytesAsync(length, timeout.Token));
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int lineEnd;
        while ((lineEnd = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var line = Encoding.ASCII.GetString(buffer, start, lineEnd);
        start += lineEnd + 2;
        return line;
    }

    private async Task<byte[]> ReadBytesAsync(int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (start == end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(length - copied, end - start);
            buffer.AsSpan(start, take).CopyTo(body.AsSpan(copied));
            (copied, start) = (copied + take, start + take);
        }

        return body;
    }

    /// <summary>True when the server closes the connection (nothing more arrives) within a few seconds.</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return start == end && await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, timeout.Token) == 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => socket.Dispose();

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (start == end)
        {
            (start, end) = (0, 0);
        }
        else if (end == buffer.Length)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            (start, end) = (0, end - start);
        }

        var read = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, cancellationToken);
        end += read > 0 ? read : throw new IOException($"the server closed the connection ({end - start} bytes of an answer unread)");
    }

    /// <summary>One answer as received.</summary>
    public sealed record Answer(string StatusLine, Dictionary<string, string> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }
}
