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
