using System.Net;
using System.Net.Sockets;
using Airwave.Streaming.Listeners;
using Xunit;

namespace Airwave.Streaming.Tests.Listeners;

/// <summary>The listener port's calls that never block, on real loopback sockets left in blocking mode.</summary>
public sealed class NonBlockingCallsTests : IDisposable
{
    private readonly Socket server;
    private readonly Socket client;

    public NonBlockingCallsTests()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        server = listener.Accept();
    }

    [Fact]
    public void A_receive_with_nothing_there_answers_would_block_at_once()
    {
        var buffer = new byte[16];

        Assert.Equal(0, NonBlockingCalls.Receive(server, buffer, peek: false, out var error));
        Assert.Equal(SocketError.WouldBlock, error);
        Assert.True(server.Blocking);
    }

    [Fact]
    public void A_peek_leaves_the_bytes_for_the_receive_after_it()
    {
        client.Send("GET /demo"u8);
        var buffer = new byte[64];
        Assert.True(server.Poll(TimeSpan.FromSeconds(10), SelectMode.SelectRead));

        var peeked = NonBlockingCalls.Receive(server, buffer, peek: true, out var error);
        Assert.Equal(SocketError.Success, error);
        Assert.Equal("GET /demo"u8.ToArray(), buffer[..peeked]);

        Array.Clear(buffer);
        Assert.Equal(4, NonBlockingCalls.Receive(server, buffer.AsSpan(0, 4), peek: false, out _));
        Assert.Equal(5, NonBlockingCalls.Receive(server, buffer.AsSpan(4), peek: false, out _));
        Assert.Equal("GET /demo"u8.ToArray(), buffer[..9]);
    }

    [Fact]
    public void A_peer_that_ended_its_side_reads_as_zero_bytes_without_an_error()
    {
        client.Shutdown(SocketShutdown.Send);
        Assert.True(server.Poll(TimeSpan.FromSeconds(10), SelectMode.SelectRead));

        Assert.Equal(0, NonBlockingCalls.Receive(server, new byte[16], peek: false, out var error));
        Assert.Equal(SocketError.Success, error);
    }

    [Fact]
    public void A_disposed_socket_fails_the_call_rather_than_reaching_its_number()
    {
        server.Dispose();

        Assert.Throws<ObjectDisposedException>(() => NonBlockingCalls.Send(server, "x"u8, out _));
    }

    public void Dispose()
    {
        server.Dispose();
        client.Dispose();
    }
}
