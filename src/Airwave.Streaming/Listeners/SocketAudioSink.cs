using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Airwave.Streaming.Listeners;

/// <summary>Sends a session's audio straight from the shared slices to the socket in one gathered send per flush: no copy per listener.</summary>
/// <remarks>For connections whose response head was already flushed and whose output pipe stays empty (the connection-level listener path).</remarks>
public sealed class SocketAudioSink(Socket socket) : IAudioSink
{
    private readonly List<ArraySegment<byte>> pending = new(8);
    private CancellationTokenRegistration shutDownOnCancel;
    private CancellationToken registeredFor;

    public void Write(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        pending.Add(MemoryMarshal.TryGetArray(bytes, out var segment) ? segment : new ArraySegment<byte>(bytes.ToArray()));
    }

    /// <remarks>
    /// Cancellation shuts the socket down, which ends a send blocked on a client that stopped reading. A connection serving
    /// segments flushes with the same token every time, so it is registered once, not per flush. A listener's session
    /// flushes without one: a drop reaches it through <see cref="Abort"/>.
    /// </remarks>
    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken != registeredFor)
        {
            shutDownOnCancel.Dispose();
            shutDownOnCancel = cancellationToken.UnsafeRegister(static state => ShutDown((Socket)state!), socket);
            registeredFor = cancellationToken;
        }

        try
        {
            while (pending.Count > 0)
            {
                var sent = pending.Count == 1
                    ? await socket.SendAsync(pending[0].AsMemory(), SocketFlags.None, CancellationToken.None).ConfigureAwait(false)
                    : await socket.SendAsync(pending, SocketFlags.None).ConfigureAwait(false);
                if (sent <= 0)
                {
                    return false;
                }

                Consume(sent);
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            return false;
        }
        finally
        {
            pending.Clear();
        }
    }

    /// <remarks>
    /// The socket is switched to non-blocking mode on first use, so a full send buffer answers at once instead of blocking
    /// the fan-out's thread; <see cref="FlushAsync"/> is unaffected.
    /// </remarks>
    public FlushOutcome TryFlush()
    {
        try
        {
            if (socket.Blocking)
            {
                socket.Blocking = false;
            }

            while (pending.Count > 0)
            {
                var sent = pending.Count == 1
                    ? socket.Send(pending[0].AsSpan(), SocketFlags.None, out var error)
                    : socket.Send(pending, SocketFlags.None, out error);
                if (error == SocketError.WouldBlock)
                {
                    return FlushOutcome.Pending;
                }

                if (error != SocketError.Success || sent <= 0)
                {
                    pending.Clear();
                    return FlushOutcome.Gone;
                }

                Consume(sent);
            }

            return FlushOutcome.Sent;
        }
        catch (ObjectDisposedException)
        {
            pending.Clear();
            return FlushOutcome.Gone;
        }
    }

    /// <remarks>A socket shut down fails the send under way and every later one.</remarks>
    public void Abort() => ShutDown(socket);

    private static void ShutDown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Consume(int sent)
    {
        while (sent > 0 && pending.Count > 0)
        {
            var first = pending[0];
            if (sent >= first.Count)
            {
                sent -= first.Count;
                pending.RemoveAt(0);
            }
            else
            {
                pending[0] = first.Slice(sent);
                sent = 0;
            }
        }
    }
}
