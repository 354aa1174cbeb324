using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Airwave.Node.Icecast;

/// <summary>
/// Accepts the listener port's connections: <see cref="SocketRequests"/> serves each on its socket first, and a connection
/// it leaves becomes a Kestrel connection, with its unread bytes, through <see cref="AcceptAsync"/>.
/// </summary>
internal sealed class ListenerPortListener : IConnectionListener
{
    /// <summary>How long accepting pauses when the process is out of file descriptors, so the loop does not spin on the error.</summary>
    private static readonly TimeSpan OutOfDescriptorsPause = TimeSpan.FromMilliseconds(100);

    /// <summary><c>IPPROTO_TCP</c> and Linux's <c>TCP_DEFER_ACCEPT</c>, which .NET names no option for.</summary>
    private const int TcpLevel = 6;
    private const int TcpDeferAccept = 9;

    private readonly Socket listening;
    private readonly SocketRequests requests;
    private readonly SocketConnectionContextFactory contexts;
    private readonly ILogger<ListenerPortListener> log;
    private readonly Channel<ConnectionContext> forKestrel = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task accepting;
    private readonly Action<Socket> handOn;

    public ListenerPortListener(Socket listening, SocketRequests requests, ILoggerFactory loggers)
    {
        this.listening = listening;
        this.requests = requests;
        log = loggers.CreateLogger<ListenerPortListener>();
        // Kestrel's socket transport's defaults, but for the memory pool: the public options give an array pool, not
        // Kestrel's block pool, which is why PipeAudioSink always asks the response for a size.
        contexts = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), loggers.CreateLogger<SocketConnectionContextFactory>());
        EndPoint = listening.LocalEndPoint!;
        DeferAcceptUntilData(listening);
        handOn = HandOn;
        accepting = AcceptLoopAsync();
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await forKestrel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        listening.Dispose();
        await accepting.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await UnbindAsync().ConfigureAwait(false);
        while (forKestrel.Reader.TryRead(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        contexts.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listening.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
            {
                log.LogWarning("the listener port cannot accept: {Reason}; raise the open-files limit (ulimit -n)", e.Message);
                await Task.Delay(OutOfDescriptorsPause).ConfigureAwait(false);
                continue;
            }
            catch (SocketException e)
            {
                // A connection reset while it waited in the backlog: only that one is lost.
                log.LogDebug("accepting a connection on the listener port failed: {Reason}", e.Message);
                continue;
            }

            socket.NoDelay = true;
            ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.requests.ServeAsync(state.socket, state.handOn), (requests, socket, handOn), preferLocal: false);
        }

        forKestrel.Writer.TryComplete();
    }

    /// <summary>
    /// Has Linux hand over a connection once its first bytes arrived (<c>TCP_DEFER_ACCEPT</c>, nginx's <c>deferred</c>), so
    /// the request is nearly always there to peek at once. A socket that waits for it asynchronously keeps that operation's
    /// event args for as long as the listener stays; it also takes one more trip through the thread pool to be served.
    /// </summary>
    /// <remarks>
    /// A client that connects and sends nothing waits in the kernel, not in the node, and is handed over once the period
    /// (<see cref="ListenerPortConnections.HeadTimeout"/>, in the kernel's SYN-ACK retransmission steps) has passed; the
    /// head timeout then ends it as before.
    /// </remarks>
    private static void DeferAcceptUntilData(Socket listening)
    {
        if (OperatingSystem.IsLinux())
        {
            listening.SetRawSocketOption(TcpLevel, TcpDeferAccept, BitConverter.GetBytes((int)ListenerPortConnections.HeadTimeout.TotalSeconds));
        }
    }

    /// <summary>Gives Kestrel a connection <see cref="SocketRequests"/> did not serve, with its bytes unread.</summary>
    private void HandOn(Socket socket)
    {
        var connection = contexts.Create(socket);
        if (!forKestrel.Writer.TryWrite(connection))
        {
            // The port was unbound meanwhile.
            _ = connection.DisposeAsync().AsTask();
        }
    }
}
