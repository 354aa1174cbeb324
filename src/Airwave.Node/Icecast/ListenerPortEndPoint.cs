using System.Net;
using System.Net.Sockets;

namespace Airwave.Node.Icecast;

/// <summary>The listener port's bound socket, as Kestrel's endpoint: only <see cref="ListenerPortTransport"/> binds it.</summary>
/// <remarks>Not an <see cref="IPEndPoint"/>, so Kestrel's own socket transport declines it.</remarks>
internal sealed class ListenerPortEndPoint(Socket socket) : EndPoint
{
    /// <summary>The bound, listening socket; the transport owns and closes it.</summary>
    public Socket Socket => socket;

    public override AddressFamily AddressFamily => socket.AddressFamily;

    public override string ToString() => socket.LocalEndPoint?.ToString() ?? "listener port";
}
