using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Airwave.Node.Hosting;

/// <summary>
/// A TCP port bound and listening before the node touches its data or joins a cluster, so a port that is taken stops the
/// start before anything is restored or rewritten. Kestrel takes the socket over through <see cref="HandOver"/>;
/// connections that arrive in between wait in the backlog.
/// </summary>
internal sealed class BoundPort : IDisposable
{
    private readonly Socket socket;
    private bool handedOver;

    private BoundPort(Socket socket) => this.socket = socket;

    /// <summary>Binds <paramref name="address"/>:<paramref name="port"/>; <paramref name="purpose"/> names it in the refusal.</summary>
    /// <exception cref="NodeStartRefusedException">The port is taken or may not be bound.</exception>
    public static BoundPort Bind(IPAddress address, int port, string purpose)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                // As Kestrel does for "::": IPv4 clients too.
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
            return new BoundPort(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var where = $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";
            var holder = e.SocketErrorCode == SocketError.AddressAlreadyInUse && OpenFileHolders.ListeningSocketInodes(port) is { Count: > 0 } inodes
                && OpenFileHolders.Find(target => inodes.Contains(target.Replace("socket:[", "", StringComparison.Ordinal).TrimEnd(']'))) is { } pid
                ? $" (held by pid {pid.ToString(CultureInfo.InvariantCulture)})"
                : "";
            throw new NodeStartRefusedException($"cannot listen on {where} ({purpose}): {e.Message}{holder}");
        }
    }

    /// <summary>The socket's handle for <c>KestrelServerOptions.ListenHandle</c>; Kestrel owns and closes it from now on.</summary>
    public ulong HandOver()
    {
        var handle = (ulong)socket.SafeHandle.DangerousGetHandle();
        // Kestrel wraps the descriptor in its own socket that closes it; ours must not close it a second time.
        socket.SafeHandle.SetHandleAsInvalid();
        handedOver = true;
        return handle;
    }

    /// <summary>The socket itself, for a transport of the node's own (<see cref="Icecast.ListenerPortTransport"/>), which owns and closes it from now on.</summary>
    public Socket TakeOver()
    {
        handedOver = true;
        return socket;
    }

    public void Dispose()
    {
        if (!handedOver)
        {
            socket.Dispose();
        }
    }
}
