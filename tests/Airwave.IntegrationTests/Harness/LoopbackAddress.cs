using System.Net;
using System.Net.Sockets;

namespace Airwave.IntegrationTests.Harness;

/// <summary>HTTP clients that connect from another loopback address (127.0.0.2, ...), so a test can stand for a client on another network.</summary>
internal static class LoopbackAddress
{
    /// <summary>A handler whose connections leave from <paramref name="local"/>.</summary>
    public static SocketsHttpHandler BoundTo(IPAddress local) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
