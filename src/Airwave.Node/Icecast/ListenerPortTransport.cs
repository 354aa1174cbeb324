using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Airwave.Node.Icecast;

/// <summary>
/// Kestrel's transport for the listener port: <see cref="ListenerPortListener"/> accepts its connections, serves streams
/// and live segments on the sockets and gives Kestrel only the rest. Every other endpoint keeps Kestrel's socket transport.
/// </summary>
internal sealed class ListenerPortTransport(SocketRequests requests, ILoggerFactory loggers) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is ListenerPortEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) => endpoint is ListenerPortEndPoint port
        ? ValueTask.FromResult<IConnectionListener>(new ListenerPortListener(port.Socket, requests, loggers))
        : throw new NotSupportedException($"the listener port transport binds only the listener port, not {endpoint}");
}
