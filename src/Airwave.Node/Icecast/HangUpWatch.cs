using System.Net.Sockets;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Listeners;

namespace Airwave.Node.Icecast;

/// <summary>
/// Sees listeners on the listener port hang up without a send: every watched socket is armed for reading on one
/// <c>epoll</c> instance (<see cref="EpollThread"/>), whose thread sleeps until a listener sends something or hangs up.
/// A receive pending on each socket did the same at the cost of an operation, its event args and a state machine per
/// listener for as long as it listened (about 0.6 KB each); one <c>poll(2)</c> over every socket four times a second
/// after that cost a scan of every listener per tick, woke the node four times a second with no listener at all, and saw a
/// hang-up only at the next tick.
/// </summary>
/// <remarks>
/// <para>
/// A watched socket's handle is referenced, so its descriptor stays open (and cannot become another connection's) until it
/// is no longer watched, and it leaves the instance before that. A drop therefore shuts the socket down while its session
/// still runs, and only the session's end closes it, after unwatching.
/// </para>
/// <para>
/// Bytes a listener sends after its request mean nothing and are read and dropped, so the socket, closed later, ends with a
/// FIN rather than the reset unread bytes would cause, which could cut off the audio still on its way. Each socket is
/// armed once (<c>EPOLLONESHOT</c>) and again after such bytes, so a hung-up socket, readable from then on, is reported
/// once and not at every wait until its session unwatches it.
/// </para>
/// <para>
/// When the node stops, every watched listener is ended as by a hang-up: one pass here rather than a registration per
/// listener on the node's stopping token. A streaming listener's handle is ended here directly too
/// (<see cref="EndOnHangUp"/>), rather than through a registration on the token, which cost 144 bytes for as long as it
/// listened.
/// </para>
/// </remarks>
internal sealed class HangUpWatch
{
    private const uint Armed = NativeEpoll.In | NativeEpoll.OneShot;

    /// <summary>Where bytes a listener sends after its request go; shared, since nothing reads them.</summary>
    private static readonly byte[] Discarded = new byte[512];

    private readonly Lock gate = new();
    private readonly Dictionary<Socket, Watched> watched = [];

    /// <summary>Each watched socket by the slot its events carry, so that an event finds its socket without a lookup by descriptor.</summary>
    private readonly List<Socket?> slots = [];
    private readonly Stack<int> freeSlots = [];
    private readonly ILogger<HangUpWatch> log;
    private readonly CancellationToken stopping;
    private readonly EpollThread thread;
    private uint generation;

    /// <summary>Watches until <paramref name="stopping"/> is cancelled, then ends every listener still watched.</summary>
    /// <exception cref="IOException">The system refused an epoll instance or an event counter.</exception>
    public HangUpWatch(ILogger<HangUpWatch> log, CancellationToken stopping)
    {
        this.log = log;
        this.stopping = stopping;
        thread = new EpollThread("airwave-hang-ups", Ready, Ended, stopping);
    }

    /// <summary>
    /// Cancels <paramref name="gone"/> once <paramref name="socket"/>'s peer closes or resets the connection, or the node
    /// stops; call <see cref="Unwatch"/> before closing the socket.
    /// </summary>
    /// <remarks>
    /// Until then, disposing the socket does not return: .NET's socket handle spins until every reference to it is
    /// released. End a watched connection early with <see cref="Socket.Shutdown"/>.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The socket was closed already.</exception>
    public void Watch(Socket socket, CancellationTokenSource gone)
    {
        lock (gate)
        {
            var referenced = false;
            socket.SafeHandle.DangerousAddRef(ref referenced);
            var slot = freeSlots.Count > 0 ? freeSlots.Pop() : slots.Count;
            if (slot == slots.Count)
            {
                slots.Add(null);
            }

            slots[slot] = socket;
            var data = (uint)slot | ((ulong)++generation << 32);
            watched.Add(socket, new Watched(gone, null, data));

            // Refused once the watch has stopped (the node stops, below) or failed (logged when it did), or past the system's
            // limit on watches (fs.epoll.max_user_watches): a hang-up is then seen at the listener's next send.
            thread.Control(NativeEpoll.ControlAdd, Descriptor(socket), Armed, data);
        }

        // A listener accepted as the node stops may come after the last pass.
        if (stopping.IsCancellationRequested)
        {
            gone.Cancel();
        }
    }

    /// <summary>
    /// Ends <paramref name="handle"/> as a drop does once <paramref name="socket"/>'s peer hangs up or the node stops, or at
    /// once if either happened already; for a listener that streams after <see cref="Watch"/>.
    /// </summary>
    public void EndOnHangUp(Socket socket, ListenerHandle handle)
    {
        CancellationTokenSource? gone = null;
        lock (gate)
        {
            if (watched.TryGetValue(socket, out var entry))
            {
                watched[socket] = entry with { Handle = handle };
                gone = entry.Gone;
            }
        }

        // Read after the handle was stored, as the watch reads the handle after cancelling: one of the two sees the other.
        if (gone is null || gone.IsCancellationRequested)
        {
            handle.ConnectionGone();
        }
    }

    /// <summary>Stops watching <paramref name="socket"/> and lets its descriptor close.</summary>
    public void Unwatch(Socket socket)
    {
        lock (gate)
        {
            if (watched.Remove(socket, out var entry))
            {
                thread.Control(NativeEpoll.ControlDelete, Descriptor(socket), 0, 0);
                var slot = (int)(uint)entry.Data;
                slots[slot] = null;
                freeSlots.Push(slot);
                socket.SafeHandle.DangerousRelease();
            }
        }
    }

    private static int Descriptor(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    /// <summary>
    /// On the watch's thread: a watched socket is readable. Drops what its listener sent and arms it again, or ends the
    /// listener when there was nothing to read, which means its peer ended the connection.
    /// </summary>
    private void Ready(ulong data)
    {
        Socket? socket;
        lock (gate)
        {
            // A socket unwatched meanwhile belongs to a session that ended, and its slot may hold another one since.
            var slot = (int)(uint)data;
            socket = slots[slot];
            if (socket is null || watched[socket].Data != data)
            {
                return;
            }

            if (Drain(socket))
            {
                thread.Control(NativeEpoll.ControlModify, Descriptor(socket), Armed, data);
                return;
            }
        }

        End(socket);
    }

    /// <summary>On the watch's thread, once it stopped waiting: when the node stops, every listener still watched ends.</summary>
    private void Ended(string? failure)
    {
        if (failure is not null)
        {
            log.LogError("watching listeners for hang-ups failed: {Reason}; a listener that hangs up is now seen at its next send", failure);
            return;
        }

        Socket[] remaining;
        lock (gate)
        {
            remaining = [.. watched.Keys];
        }

        foreach (var socket in remaining)
        {
            End(socket);
        }
    }

    /// <summary>
    /// Outside the lock: ending the listener makes its session unwatch its socket. On the watch's thread, which must go on
    /// whatever a listener's end does, so a failure is logged here.
    /// </summary>
    private void End(Socket socket)
    {
        try
        {
            // A socket unwatched meanwhile belongs to a session that ended.
            if (Find(socket) is not { } entry)
            {
                return;
            }

            entry.Gone.Cancel();

            // Read again after the cancel: a handle stored meanwhile may have found the token not yet cancelled.
            Find(socket)?.Handle?.ConnectionGone();
        }
        catch (Exception e)
        {
            log.LogError(e, "ending a listener that hung up failed");
        }
    }

    private Watched? Find(Socket socket)
    {
        lock (gate)
        {
            return watched.TryGetValue(socket, out var entry) ? entry : null;
        }
    }

    /// <summary>Reads and drops what a readable socket holds; false when it holds nothing, which means its peer ended the connection.</summary>
    private static bool Drain(Socket socket)
    {
        try
        {
            var available = socket.Available;
            if (available == 0)
            {
                return false;
            }

            while (available > 0)
            {
                if (NonBlockingCalls.Receive(socket, Discarded.AsSpan(0, Math.Min(available, Discarded.Length)), peek: false, out _) == 0)
                {
                    return false;
                }

                available = socket.Available;
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>A watched socket's listener: the token of its request, its handle once it streams, and the slot and generation its events carry.</summary>
    private readonly record struct Watched(CancellationTokenSource Gone, ListenerHandle? Handle, ulong Data);
}
