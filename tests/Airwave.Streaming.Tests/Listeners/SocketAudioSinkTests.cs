using System.Net;
using System.Net.Sockets;
using Airwave.Streaming.Listeners;
using Xunit;

namespace Airwave.Streaming.Tests.Listeners;

/// <summary>The sink of the listener port's raw connections, on real loopback sockets.</summary>
public sealed class SocketAudioSinkTests : IDisposable
{
    private readonly Socket server;
    private readonly Socket client;

    public SocketAudioSinkTests() => (server, client) = Connect();

    [Fact]
    public void What_the_socket_takes_at_once_is_sent_without_waiting()
    {
        var sink = new SocketAudioSink(server);
        sink.Write(Pattern(0, 1000));
        sink.Write(Pattern(1000, 1000));

        Assert.Equal(FlushOutcome.Sent, sink.TryFlush());
        var received = new byte[2000];
        client.ReceiveTimeout = 10_000;
        var read = 0;
        while (read < received.Length)
        {
            read += client.Receive(received, read, received.Length - read, SocketFlags.None);
        }

        Assert.Equal(Pattern(0, 2000).ToArray(), received);
    }

    [Fact]
    public async Task More_slices_than_one_gathered_send_takes_are_all_sent_in_order()
    {
        var sink = new SocketAudioSink(server);
        for (var i = 0; i < 150; i++)
        {
            sink.Write(Pattern(i * 10, 10));
        }

        Assert.Equal(FlushOutcome.Sent, sink.TryFlush());
        Assert.Equal(Pattern(0, 1500).ToArray(), await ReceiveAsync(client, 1500));
    }

    [Fact]
    public void A_full_socket_answers_pending_at_once_and_stays_in_blocking_mode()
    {
        // A socket made non-blocking holds .NET's context for its mode for as long as it is open (152 bytes per listener),
        // and a connection handed on to Kestrel would need its mode set back.
        var sink = new SocketAudioSink(server);
        FillUntilPending(sink);

        Assert.True(server.Blocking);
    }

    [Fact]
    public async Task A_listener_that_stops_reading_leaves_the_rest_pending_and_gets_every_byte_in_order_once_it_reads()
    {
        var sink = new SocketAudioSink(server);
        var written = FillUntilPending(sink);

        var rest = sink.FlushAsync(CancellationToken.None).AsTask();
        var received = await ReceiveAsync(client, written);
        Assert.True(await rest.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Pattern(0, written).ToArray(), received);
    }

    [Fact]
    public async Task A_listener_that_hung_up_is_gone()
    {
        var sink = new SocketAudioSink(server);
        client.Close();
        await Task.Delay(50);

        // The first send after the hang-up may still be taken; the reset it draws fails the next.
        var outcome = FlushOutcome.Sent;
        for (var i = 0; i < 10 && outcome == FlushOutcome.Sent; i++)
        {
            sink.Write(Pattern(0, 1000));
            outcome = sink.TryFlush();
            await Task.Delay(20);
        }

        Assert.Equal(FlushOutcome.Gone, outcome);
    }

    [Fact]
    public async Task A_listener_waiting_on_its_rest_keeps_it_while_other_listeners_on_the_same_thread_send()
    {
        // Sinks borrow their list of slices from the thread that writes them; one left pending must keep its own.
        var (otherServer, otherClient) = Connect();
        using var otherServerSocket = otherServer;
        using var otherClientSocket = otherClient;
        var stalled = new SocketAudioSink(server);
        var other = new SocketAudioSink(otherServer);
        var written = FillUntilPending(stalled);

        for (var i = 0; i < 3; i++)
        {
            other.Write(Pattern(i * 1000, 500));
            other.Write(Pattern((i * 1000) + 500, 500));
            Assert.Equal(FlushOutcome.Sent, other.TryFlush());
        }

        var rest = stalled.FlushAsync(CancellationToken.None).AsTask();
        Assert.Equal(Pattern(0, written).ToArray(), await ReceiveAsync(client, written));
        Assert.True(await rest.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Pattern(0, 3000).ToArray(), await ReceiveAsync(otherClient, 3000));
    }

    public void Dispose()
    {
        server.Dispose();
        client.Dispose();
    }

    private static (Socket Server, Socket Client) Connect()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
        client.Connect(listener.LocalEndPoint!);
        var server = listener.Accept();
        server.SendBufferSize = 16 * 1024;
        return (server, client);
    }

    /// <summary>Writes and flushes slices of <see cref="Pattern"/> until the socket (whose peer does not read) leaves some pending; returns the bytes written.</summary>
    private static int FillUntilPending(SocketAudioSink sink)
    {
        const int slice = 8 * 1024;
        var written = 0;
        var outcome = FlushOutcome.Sent;
        while (outcome == FlushOutcome.Sent && written < 64 * 1024 * 1024)
        {
            sink.Write(Pattern(written, slice));
            written += slice;
            outcome = sink.TryFlush();
        }

        Assert.Equal(FlushOutcome.Pending, outcome);
        return written;
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket, int length)
    {
        var received = new byte[length];
        var read = 0;
        while (read < length)
        {
            read += await socket.ReceiveAsync(received.AsMemory(read), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        return received;
    }

    private static ReadOnlyMemory<byte> Pattern(int from, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((from + i) % 251);
        }

        return bytes;
    }
}
