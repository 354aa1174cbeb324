using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Airwave.Streaming.Listeners;

/// <summary>Sends a session's audio straight from the shared slices to the socket in one gathered send per flush: no copy per listener.</summary>
/// <remarks>For connections whose response head was already flushed and whose output pipe stays empty (the connection-level listener path).</remarks>
/// <param name="socket">The connection's socket.</param>
/// <param name="writable">
/// Where <see cref="FlushAsync"/> waits for room when the socket does not take a send whole; without one, it finishes
/// through the socket's awaited send, whose event args and registration with .NET's event thread the socket keeps for
/// as long as it is open.
/// </param>
public sealed class SocketAudioSink(Socket socket, IWritableWait? writable = null) : IAudioSink
{
    /// <summary>A list each thread keeps between flushes, so a sink borrows one only while it holds slices.</summary>
    [ThreadStatic]
    private static List<ArraySegment<byte>>? spare;

    /// <summary>
    /// The slices written and not yet sent, or null. A live listener's are written and sent in one step of the fan-out, so it
    /// holds a list (about 180 bytes) only while the socket has not taken a send whole, not for the hours it listens.
    /// </summary>
    private List<ArraySegment<byte>>? pending;
    private CancellationTokenRegistration shutDownOnCancel;
    private CancellationToken registeredFor;

    public void Write(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (pending is null)
        {
            pending = spare ?? new List<ArraySegment<byte>>(8);
            spare = null;
        }

        pending.Add(MemoryMarshal.TryGetArray(bytes, out var segment) ? segment : new ArraySegment<byte>(bytes.ToArray()));
    }

    /// <remarks>
    /// With a <c>writable</c> wait, cancellation ends the wait and the flush returns false. Without one, cancellation shuts
    /// the socket down, which ends a send blocked on a client that stopped reading. A connection serving
    /// segments flushes with the same token every time, so it is registered once, not per flush. A listener's session
    /// flushes without one: a drop reaches it through <see cref="Abort"/>.
    /// </remarks>
    public ValueTask<bool> FlushAsync(CancellationToken cancellationToken) =>
        writable is not null ? FlushWhenWritableAsync(writable, cancellationToken) : FlushThroughSendsAsync(cancellationToken);

    /// <remarks>
    /// Each send is non-blocking by itself (<see cref="NonBlockingCalls"/>), so a full send buffer answers at once instead of
    /// blocking the fan-out's thread, and the socket never holds .NET's context for its mode.
    /// </remarks>
    public FlushOutcome TryFlush()
    {
        try
        {
            while (pending is { Count: > 0 } slices)
            {
                var sent = slices.Count == 1
                    ? NonBlockingCalls.Send(socket, slices[0].AsSpan(), out var error)
                    : NonBlockingCalls.Send(socket, slices, out error);
                if (error == SocketError.WouldBlock)
                {
                    return FlushOutcome.Pending;
                }

                if (error != SocketError.Success || sent <= 0)
                {
                    GiveBack();
                    return FlushOutcome.Gone;
                }

                Consume(sent);
            }

            GiveBack();
            return FlushOutcome.Sent;
        }
        catch (ObjectDisposedException)
        {
            GiveBack();
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

    /// <summary>Sends through the socket's awaited sends until everything is sent.</summary>
    private async ValueTask<bool> FlushThroughSendsAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken != registeredFor)
        {
            shutDownOnCancel.Dispose();
            shutDownOnCancel = cancellationToken.UnsafeRegister(static state => ShutDown((Socket)state!), socket);
            registeredFor = cancellationToken;
        }

        try
        {
            while (pending is { Count: > 0 } slices)
            {
                var sent = slices.Count == 1
                    ? await socket.SendAsync(slices[0].AsMemory(), SocketFlags.None, CancellationToken.None).ConfigureAwait(false)
                    : await socket.SendAsync(slices, SocketFlags.None).ConfigureAwait(false);
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
            GiveBack();
        }
    }

    /// <summary>Sends what the socket takes, and waits in <paramref name="wait"/> for room for the rest.</summary>
    private async ValueTask<bool> FlushWhenWritableAsync(IWritableWait wait, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (TryFlush())
            {
                case FlushOutcome.Sent:
                    return true;
                case FlushOutcome.Gone:
                    return false;
            }

            if (!await wait.WritableAsync(cancellationToken).ConfigureAwait(false))
            {
                GiveBack();
                return false;
            }
        }
    }

    /// <summary>Drops what was sent from the front of the slices.</summary>
    private void Consume(int sent)
    {
        var slices = pending!;
        while (sent > 0 && slices.Count > 0)
        {
            var first = slices[0];
            if (sent >= first.Count)
            {
                sent -= first.Count;
                slices.RemoveAt(0);
            }
            else
            {
                slices[0] = first.Slice(sent);
                sent = 0;
            }
        }
    }

    /// <summary>Empties the slices (no slab stays referenced) and leaves the list to the next sink this thread writes to.</summary>
    private void GiveBack()
    {
        if (pending is not { } slices)
        {
            return;
        }

        pending = null;
        slices.Clear();
        spare ??= slices;
    }
}
