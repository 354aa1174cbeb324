using System.Buffers;
using System.Net.Sockets;
using Airwave.Node.Hls;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sources;

namespace Airwave.Node.Icecast;

/// <summary>
/// Serves streams and live segments on the listener port's accepted socket itself, before Kestrel makes a connection of
/// it: a listener holds no connection object, pipe or buffer of Kestrel's for the hours it stays.
/// </summary>
/// <remarks>
/// <para>
/// Request heads are only peeked (<c>MSG_PEEK</c>) until this decides to serve them, so a connection it does not serve
/// (a source, a playlist, a page, a private channel, a head that arrived in pieces or is longer than
/// <see cref="PeekBytes"/>) goes to Kestrel with its bytes unread, and <see cref="ListenerPortConnections"/> reads it
/// there as on the TLS port. No buffer is held while a connection waits for its next request.
/// </para>
/// <para>
/// Peeks, reads and sends are plain system calls that never block (<see cref="NonBlockingCalls"/>), on a socket left in
/// blocking mode: a listener whose request had arrived when it was accepted (nearly all, as accepting is deferred until it
/// has) never makes an operation of .NET's or its context, which the socket would keep for as long as it listens.
/// </para>
/// </remarks>
internal sealed class SocketRequests(
    ConnectionListenerEndpoint listeners,
    ConnectionSegmentEndpoint segments,
    HangUpWatch hangUps,
    RequestWaits? waits,
    TimeSpan keepAliveTimeout,
    ILogger<SocketRequests> log,
    CancellationToken shutdown)
{
    /// <summary>Room for a player's request head (a few hundred bytes); longer heads go to Kestrel, which enforces its limits.</summary>
    private const int PeekBytes = 4096;

    private enum HeadOutcome
    {
        /// <summary>A complete listener head was peeked.</summary>
        Head,

        /// <summary>Kestrel must read this request.</summary>
        Kestrel,

        /// <summary>The client closed, reset or timed out.</summary>
        Closed,
    }

    /// <summary>
    /// Serves <paramref name="socket"/>'s requests until it closes, or gives it to <paramref name="handOn"/> at the first
    /// request for Kestrel, unread.
    /// </summary>
    /// <remarks>Returns once a listener's stream has started: its end is handled by <see cref="Listen"/>'s continuation.</remarks>
    public async Task ServeAsync(Socket socket, Action<Socket> handOn)
    {
        try
        {
            var (outcome, request) = await TakeRequestsAsync(socket).ConfigureAwait(false);
            if (outcome == HeadOutcome.Closed)
            {
                Close(socket);
                return;
            }

            if (outcome == HeadOutcome.Kestrel)
            {
                handOn(socket);
                return;
            }

            if (request is { } listener)
            {
                Listen(socket, listener);
            }
        }
        catch (Exception e)
        {
            Failed(e);
            Close(socket);
        }
    }

    /// <summary>Streams to a listener until it leaves, then closes its socket.</summary>
    /// <remarks>
    /// The close is a continuation of the stream rather than the rest of an awaiting method: a listener then holds a delegate
    /// and its closure (about 100 bytes) for the hours it stays, not a suspended state machine (224).
    /// </remarks>
    private void Listen(Socket socket, ListenerRequest listener)
    {
        // Never disposed: the hang-up watch may still cancel it after the session, and it owns no timer or handle. The watch
        // also cancels it when the node stops.
        var gone = new CancellationTokenSource();
        hangUps.Watch(socket, gone);
        Task served;
        try
        {
            // A drop shuts the socket down rather than disposing it (the sink's abort): disposing a watched socket waits until
            // it is unwatched.
            served = listeners.ServeAsync(new RawListenerTransport(new SocketAudioSink(socket), socket, null, hangUps, gone.Token), listener);
        }
        catch (Exception e)
        {
            served = Task.FromException(e);
        }

        served.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() =>
        {
            hangUps.Unwatch(socket);
            Close(socket);
            if (served.Exception?.InnerException is { } e)
            {
                Failed(e);
            }
        });
    }

    /// <summary>Logs what went wrong serving a connection, unless the client just went away mid-answer.</summary>
    private void Failed(Exception e)
    {
        if (e is not (IOException or SocketException or ObjectDisposedException or OperationCanceledException))
        {
            log.LogError(e, "serving a connection on the listener port failed");
        }
    }

    /// <summary>
    /// Serves live segments one after the other while the client keeps the connection, until a request for a stream
    /// (returned, its head taken off the socket), one for Kestrel (left unread), or the end (to be closed).
    /// </summary>
    /// <remarks>
    /// After its first segment a connection waits for each next request in <see cref="RequestWaits"/> (null where there is
    /// no <c>epoll</c>), where it is served on the thread that saw the request arrive; it leaves them before it is returned.
    /// </remarks>
    private async ValueTask<(HeadOutcome Outcome, ListenerRequest? Listener)> TakeRequestsAsync(Socket socket)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        waiting.CancelAfter(ListenerPortConnections.HeadTimeout);
        IAudioSink? sink = null;
        RequestWait? keptAlive = null;
        try
        {
            while (true)
            {
                var (outcome, head, consumed) = await PeekHeadAsync(socket, sink is not null, keptAlive, waiting.Token).ConfigureAwait(false);
                if (outcome != HeadOutcome.Head)
                {
                    return (outcome, null);
                }

                if (segments.Route(head!, socket.RemoteEndPoint) is { } segment)
                {
                    Consume(socket, consumed);
                    waiting.CancelAfter(ConnectionSegmentEndpoint.SendTimeout);
                    keptAlive ??= waits?.For(socket);
                    if (!await segments.ServeAsync(segment, sink ??= new SocketAudioSink(socket, keptAlive), waiting.Token).ConfigureAwait(false))
                    {
                        return (HeadOutcome.Closed, null);
                    }

                    waiting.CancelAfter(keepAliveTimeout);
                    continue;
                }

                if (listeners.Route(head!, socket.RemoteEndPoint) is not { } listener)
                {
                    return (HeadOutcome.Kestrel, null);
                }

                Consume(socket, consumed);
                return (HeadOutcome.Head, listener);
            }
        }
        finally
        {
            keptAlive?.Dispose();
        }
    }

    /// <summary>
    /// Peeks the next request's head, waiting for its first bytes if they are not there yet, without holding a buffer. A
    /// head not served here (another method, one that arrived in pieces, one too long) is Kestrel's to read.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A first request is nearly always there already (accepting waits until it has arrived), so it is peeked at once: a
    /// listener whose request was there never starts an operation of .NET's, whose event args the socket would keep for as
    /// long as it listens. A kept-alive connection's next request is seldom there yet, so it goes straight to the wait,
    /// whose completion says bytes came: in <paramref name="keptAlive"/>'s wait if it has one, else in a zero-byte receive.
    /// </para>
    /// <para>
    /// A wait can end with nothing to read: .NET completes an awaited zero-byte receive on the socket's next readiness
    /// event without receiving, and such an event can come with nothing there (strace: 70 µs after the socket was found
    /// empty, between two kept-alive segment requests). A peek that would block then waits again; only an end of stream or
    /// an error closes.
    /// </para>
    /// </remarks>
    private static async ValueTask<(HeadOutcome Outcome, SourceRequestHead? Head, int Consumed)> PeekHeadAsync(
        Socket socket, bool servedBefore, RequestWait? keptAlive, CancellationToken cancellationToken)
    {
        if (!servedBefore && Peek(socket) is { } first)
        {
            return first;
        }

        while (true)
        {
            try
            {
                if (keptAlive is not null)
                {
                    if (!await keptAlive.NextAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return (HeadOutcome.Closed, null, 0);
                    }
                }
                else
                {
                    await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return (HeadOutcome.Closed, null, 0);
            }

            if (Peek(socket) is { } peeked)
            {
                return peeked;
            }
        }
    }

    /// <summary>Peeks at the request head that has started to arrive, or returns null if nothing is there yet.</summary>
    private static (HeadOutcome Outcome, SourceRequestHead? Head, int Consumed)? Peek(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PeekBytes);
        try
        {
            var peeked = NonBlockingCalls.Receive(socket, buffer.AsSpan(0, PeekBytes), peek: true, out var error);
            if (error == SocketError.WouldBlock)
            {
                return null;
            }

            if (peeked == 0 || error != SocketError.Success)
            {
                return (HeadOutcome.Closed, null, 0);
            }

            var bytes = new ReadOnlySequence<byte>(buffer, 0, peeked);
            if (!SourceRequestHeadParser.TryClassify(bytes, out var kind) || kind != RequestHeadKind.Listener
                || SourceRequestHeadParser.ParseListener(bytes) is not { Status: SourceHeadStatus.Complete } parsed)
            {
                return (HeadOutcome.Kestrel, null, 0);
            }

            return (HeadOutcome.Head, parsed.Head, (int)parsed.Consumed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Takes the served request's head off the socket; its bytes are there already, as they were peeked.</summary>
    /// <remarks>In one receive: a browser's head for a segment is 400–700 bytes, and each receive is a system call.</remarks>
    private static void Consume(Socket socket, int length)
    {
        var discard = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var taken = 0;
            while (taken < length)
            {
                var read = NonBlockingCalls.Receive(socket, discard.AsSpan(taken, length - taken), peek: false, out var error);
                if (read == 0)
                {
                    throw new IOException($"the connection ended inside a request head it had sent ({error})");
                }

                taken += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(discard);
        }
    }

    /// <summary>Ends the connection gracefully (the client reads to the end of what was sent), then releases the socket.</summary>
    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
