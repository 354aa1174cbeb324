using System.Net.Sockets;
using System.Text;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>
/// The listener port serves streams on the accepted sockets and hands every other connection to Kestrel with its bytes
/// unread: heads it cannot take in one look still reach a stream, and a listener's hang-up leaves the count within a second or two.
/// </summary>
/// <remarks>A hang-up seen while nothing is sent: <c>SourceTimeoutTests</c>, whose channel waits for a source.</remarks>
public sealed class ListenerPortTests(ListenerPortNode fixture, ITestOutputHelper output) : NodeTest(() => fixture.Node, output), IClassFixture<ListenerPortNode>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly NodeProcess node = fixture.Node;

    [Fact]
    public async Task A_request_head_sent_in_pieces_still_gets_the_stream()
    {
        await node.WaitForSourceAudioAsync("demo", 1);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", node.HttpPort);

        // Old players write the request line and each header separately.
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /demo HTTP/1.0\r\n"));
        await Task.Delay(300);
        await socket.SendAsync(Encoding.ASCII.GetBytes("User-Agent: line-by-line\r\n"));
        await Task.Delay(300);
        await socket.SendAsync(Encoding.ASCII.GetBytes("\r\n"));
        var answer = await ReadAsync(socket, 16 * 1024);

        Assert.StartsWith("HTTP/1.0 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: audio/mpeg\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_head_longer_than_a_look_ahead_still_gets_the_stream()
    {
        await node.WaitForSourceAudioAsync("demo", 1);
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/demo", "HTTP/1.0", $"Cookie: tracking={new string('x', 6000)}");

        await listener.WaitForBytesAsync(16 * 1024, Timeout);

        Assert.Equal(200, listener.Status);
        Assert.Equal("audio/mpeg", listener.Headers["Content-Type"]);
    }

    [Fact]
    public async Task A_listener_that_hangs_up_is_gone_from_the_count_within_a_second_or_two()
    {
        await node.WaitForSourceAudioAsync("demo", 1);
        using var staying = await RawListenerClient.GetAsync(node.HttpPort, "/demo");
        var leaving = await RawListenerClient.GetAsync(node.HttpPort, "/demo");
        await node.WaitForChannelAsync("demo", c => c.Listeners() == 2, "two listeners");

        leaving.Dispose();

        await node.WaitForChannelAsync("demo", c => c.Listeners() == 1, "the listener that hung up leaves the count", TimeSpan.FromSeconds(3));
        await staying.WaitForBytesAsync(staying.BodyLength + (16 * 1024), Timeout);
    }

    [Fact]
    public async Task A_listener_that_keeps_sending_after_its_request_keeps_its_stream()
    {
        await node.WaitForSourceAudioAsync("demo", 1);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", node.HttpPort);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /demo HTTP/1.0\r\nUser-Agent: chatty\r\n\r\n"));
        var head = await ReadAsync(socket, 1);

        // Bytes after a stream request mean nothing; they are read and dropped, never taken for a hang-up.
        for (var i = 0; i < 5; i++)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes("keep-alive noise\r\n"));
            await Task.Delay(200);
        }

        Assert.StartsWith("HTTP/1.0 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Equal(32 * 1024, await ReadBytesAsync(socket, 32 * 1024));
        // Earlier tests' listeners hung up just before; the node sees a hang-up as it happens.
        await node.WaitForChannelAsync("demo", c => c.Listeners() == 1, "this test's listener alone on demo");
    }

    [Fact]
    public async Task A_listeners_head_carries_the_channels_fields_however_long_and_never_a_control_character()
    {
        await node.WaitForSourceAudioAsync("named", 1);
        using var listener = await RawListenerClient.GetAsync(node.HttpPort, "/named", "HTTP/1.0", "Icy-MetaData: 1");

        Assert.Equal(200, listener.Status);
        Assert.Equal(ListenerPortNode.LongName, listener.Headers["icy-name"]);
        Assert.Equal("morning show", listener.Headers["icy-description"]);
        Assert.Equal("Jazz", listener.Headers["icy-genre"]);
        Assert.Equal("128", listener.Headers["icy-br"]);
        Assert.Equal("bitrate=128;samplerate=44100;channels=2", listener.Headers["ice-audio-info"]);
        Assert.Equal("16000", listener.Headers["icy-metaint"]);
        var session = listener.Headers["X-Airwave-Session"];
        Assert.Matches("^[0-9a-f]{32}$", session);
        Assert.Equal($"airwave-sid={session}; Path=/; HttpOnly; SameSite=Lax", listener.Headers["Set-Cookie"]);
        await listener.WaitForBytesAsync(16 * 1024, Timeout);
    }

    /// <summary>Reads <paramref name="count"/> bytes of the stream; returns how many arrived before it closed.</summary>
    private static async Task<int> ReadBytesAsync(Socket socket, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[count];
        var total = 0;
        int read;
        while (total < count && (read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, timeout.Token)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>Reads until <paramref name="bodyBytes"/> more bytes than the head arrived; returns them as Latin-1 text.</summary>
    private static async Task<string> ReadAsync(Socket socket, int bodyBytes)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var headEnd = -1;
        while (headEnd < 0 || received.Length - headEnd < bodyBytes)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                throw new IOException($"the server closed after {received.Length} bytes: {Encoding.Latin1.GetString(received.ToArray())}");
            }

            received.Write(buffer, 0, read);
            headEnd = received.ToArray().AsSpan().IndexOf("\r\n\r\n"u8) is var end and >= 0 ? end + 4 : -1;
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }
}
